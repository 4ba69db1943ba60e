package cn.jingyuan.relocation.worklist;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One input of a task form, as {@code GET /api/tasks/{id}/form} describes it. {@code type} is one of
 * {@code string, text, number, date, boolean, enum}; an enum has options and a default.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FormField(String name, String label, String type, boolean required, List<Option> options, Object defaultValue,
                        Double min, Double max) {

    public record Option(String value, String label) {
    }

    /** The contract calls it {@code default}. */
    @com.fasterxml.jackson.annotation.JsonProperty("default")
    public Object defaultValue() {
        return defaultValue;
    }

    public FormField withDefault(Object value) {
        return new FormField(name, label, type, required, options, value, min, max);
    }
}
