package cn.jingyuan.relocation.worklist;

import java.util.List;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;

import cn.jingyuan.relocation.shared.FieldError;

/**
 * A task completion that breaks a form's or a step's rules. Thrown inside the engine (so Tasklist shows the
 * message and nothing is completed); the task API answers it with 400 and the errors, and so does the engine's REST
 * API (in {@code /engine-rest} and Tasklist's {@code /camunda/api/engine}), which answers a form validation failure
 * with 400: that is why this is one.
 */
public class StepRejectedException extends FormFieldValidationException {

    private final transient List<FieldError> errors;

    public StepRejectedException(List<FieldError> errors) {
        super(errors.stream().map(FieldError::field).toList(),
                "表单校验未通过:" + errors.stream().map(e -> e.field() + ":" + e.message()).collect(Collectors.joining(";")));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** The rejection somewhere in a cause chain (the engine wraps listener exceptions). */
    public static StepRejectedException find(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof StepRejectedException s) {
                return s;
            }
        }
        return null;
    }
}
