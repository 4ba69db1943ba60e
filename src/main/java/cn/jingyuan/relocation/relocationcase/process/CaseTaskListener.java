package cn.jingyuan.relocation.relocationcase.process;

import static cn.jingyuan.relocation.relocationcase.process.RelocationCaseProcess.*;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.calendar.WorkingDays;
import cn.jingyuan.relocation.household.CaseCategory;
import cn.jingyuan.relocation.household.HouseholdRef;
import cn.jingyuan.relocation.household.HouseholdService;
import cn.jingyuan.relocation.household.Milestone;
import cn.jingyuan.relocation.household.ResettlementMode;
import cn.jingyuan.relocation.household.RiskLevel;
import cn.jingyuan.relocation.relocationcase.CaseEventType;
import cn.jingyuan.relocation.relocationcase.CaseHistory;
import cn.jingyuan.relocation.relocationcase.CaseProperties;
import cn.jingyuan.relocation.relocationcase.internal.PaymentMapper;
import cn.jingyuan.relocation.relocationcase.internal.PaymentRow;
import cn.jingyuan.relocation.shared.FieldError;
import cn.jingyuan.relocation.worklist.CompletionValues;
import cn.jingyuan.relocation.worklist.FormSpec;
import cn.jingyuan.relocation.worklist.FormSpecs;
import cn.jingyuan.relocation.worklist.StepRejectedException;

/**
 * {@code ${caseTaskListener}} on every user task of the case process, whether completed through /api or the
 * stock Tasklist.
 * <ul>
 * <li>create: sets the due date (configurable per step), clears the values a previous step left under this
 * form's field names (so a form never shows another step's decision), and pre-fills what the step proposes
 * (the tranche amount due, the assessed subsidy).</li>
 * <li>complete: checks the form's fields and the step's rules (a reason for returning or rejecting, a signed
 * statement for a refusal, a payment within what is due), writes the step's effect on the household
 * (classification, agreement, milestones, payments), records the step in the case history with who, when, the
 * decision and comment, and drops the descriptive values from the process: they now live in the tables.</li>
 * </ul>
 */
@Component
public class CaseTaskListener implements TaskListener, CompletionValues {

    /** Variables gateways or later steps read; everything else a form submits is recorded and dropped. */
    private static final Set<String> KEPT = Set.of(VAR_DECISION, VAR_WILLING, VAR_RESETTLEMENT_MODE, VAR_CONFIRMED_SUBSIDY,
            VAR_CATEGORY, VAR_RISK_LEVEL, VAR_PRIORITY, VAR_SUBSIDY_AMOUNT);
    /** Values a form shows pre-filled from the process. */
    private static final Set<String> PREFILLED = Set.of(VAR_CATEGORY, VAR_RISK_LEVEL, VAR_RESETTLEMENT_MODE, VAR_PRIORITY,
            VAR_SUBSIDY_AMOUNT);
    /** Kept variables a later command reads (a gateway after a wait, a later form); the decisions are read right behind their step. */
    private static final Set<String> READ_LATER = Set.of(VAR_RESETTLEMENT_MODE, VAR_CONFIRMED_SUBSIDY, VAR_CATEGORY, VAR_RISK_LEVEL,
            VAR_PRIORITY, VAR_SUBSIDY_AMOUNT);
    private static final Set<String> DECISION_KEYS = Set.of(VAR_DECISION, VAR_WILLING, "outcome");

    private final HouseholdService households;
    private final CaseHistory history;
    private final FormSpecs forms;
    private final SubsidyPlan subsidyPlan;
    private final PaymentMapper payments;
    private final CaseProperties properties;
    private final WorkingDays workingDays;
    private final Clock clock;

    CaseTaskListener(HouseholdService households, CaseHistory history, FormSpecs forms, SubsidyPlan subsidyPlan,
                     PaymentMapper payments, CaseProperties properties, WorkingDays workingDays, Clock clock) {
        this.households = households;
        this.history = history;
        this.forms = forms;
        this.subsidyPlan = subsidyPlan;
        this.payments = payments;
        this.properties = properties;
        this.workingDays = workingDays;
        this.clock = clock;
    }

    @Override
    public void notify(DelegateTask task) {
        if (EVENTNAME_CREATE.equals(task.getEventName())) {
            created(task);
        } else if (EVENTNAME_COMPLETE.equals(task.getEventName())) {
            completed(task);
        }
    }

    private void created(DelegateTask task) {
        task.setDueDate(workingDays.after(task.getCreateTime(), properties.dueIn(task.getTaskDefinitionKey())));
        FormSpec spec = forms.get(formId(task));
        spec.fields().stream().map(f -> f.name()).filter(n -> !PREFILLED.contains(n)).forEach(n -> task.getExecution().removeVariable(n));
        switch (task.getTaskDefinitionKey()) {
            case TASK_PAY_AGREEMENT_TRANCHE, TASK_PAY_ACCEPTANCE_TRANCHE -> {
                HouseholdRef h = CaseStage.household(households, task.getExecution());
                BigDecimal due2 = subsidyPlan.amountDue(h.id(), trancheNo(task), h.subsidyAmount());
                task.setVariableLocal(VAR_PAYMENT_AMOUNT, due2.doubleValue());
            }
            case TASK_SIGN_AGREEMENT -> {
                // the assessed subsidy as the county review recorded it on the household, not a process variable
                BigDecimal assessed = CaseStage.household(households, task.getExecution()).subsidyAmount();
                if (assessed != null) {
                    task.setVariableLocal(VAR_CONFIRMED_SUBSIDY, assessed.doubleValue());
                }
            }
            default -> {
                // nothing to propose
            }
        }
    }

    private void completed(DelegateTask task) {
        FormSpec spec = forms.get(formId(task));
        Map<String, Object> submitted = new LinkedHashMap<>();
        spec.fields().forEach(f -> {
            Object v = task.getVariable(f.name());
            if (v != null) {
                submitted.put(f.name(), v);
            }
        });
        List<FieldError> errors = new ArrayList<>();
        Map<String, Object> values = spec.coerce(submitted, LocalDate.now(clock), errors);
        HouseholdRef h = CaseStage.household(households, task.getExecution());
        if (errors.isEmpty()) {
            checkStepRules(task, values, h, errors);
        }
        if (!errors.isEmpty()) {
            throw new StepRejectedException(errors);
        }
        applyEffects(task, values, h);
        String decision = DECISION_KEYS.stream().map(k -> (String) values.get(k)).filter(v -> v != null).findFirst().orElse(null);
        Map<String, Object> details = new LinkedHashMap<>(values);
        details.keySet().removeAll(DECISION_KEYS);
        details.remove(VAR_COMMENT);
        if (task.getVariableLocal(VAR_TRANCHE_NO) != null || task.getVariable(VAR_TRANCHE_NO) != null) {
            details.put(VAR_TRANCHE_NO, trancheNo(task));
        }
        history.record(h, CaseEventType.TASK_COMPLETED, h.stage(), task.getId(), task.getTaskDefinitionKey(), task.getName(),
                decision, (String) values.get(VAR_COMMENT), details);
        for (String name : spec.fields().stream().map(f -> f.name()).toList()) {
            if (!KEPT.contains(name)) {
                TypedValue value = task.getVariableTyped(name);
                if (value != null && !value.isTransient()) {
                    task.removeVariable(name);
                }
            }
        }
    }

    /**
     * Through /api a case step's values reach the engine as transient variables, except those a later command reads:
     * this listener records them in case_event and the household row, the gateway behind the step reads the decision
     * within the same command, and nothing of them is written to the engine's variable or history tables (no insert,
     * history rows and delete per value, no {@code decision} removed and written again at every step).
     */
    @Override
    public boolean isTransient(String processKey, String name) {
        return PROCESS_ID.equals(processKey) && !READ_LATER.contains(name);
    }

    private void checkStepRules(DelegateTask task, Map<String, Object> v, HouseholdRef h, List<FieldError> errors) {
        Object decision = v.get(VAR_DECISION);
        if ((RETURN.equals(decision) || REJECT.equals(decision)) && v.get(VAR_COMMENT) == null) {
            errors.add(FieldError.of(VAR_COMMENT, "退回或不予通过时须填写理由 (a reason is required to return or reject)"));
        }
        switch (task.getTaskDefinitionKey()) {
            case TASK_RECORD_APPLICATION -> {
                if (REFUSE.equals(v.get(VAR_WILLING)) && v.get("statementRef") == null) {
                    errors.add(FieldError.of("statementRef", "不愿搬迁须有户主签署的自负其责书面申明编号 (the signed statement is required)"));
                }
            }
            case TASK_SIGN_AGREEMENT -> {
                if (((Number) v.get(VAR_CONFIRMED_SUBSIDY)).doubleValue() <= 0) {
                    errors.add(FieldError.of(VAR_CONFIRMED_SUBSIDY, "核定补助金额应大于0 (the confirmed subsidy must be positive)"));
                }
            }
            case TASK_PAY_AGREEMENT_TRANCHE, TASK_PAY_ACCEPTANCE_TRANCHE -> {
                BigDecimal amount = new BigDecimal(v.get(VAR_PAYMENT_AMOUNT).toString());
                BigDecimal due = subsidyPlan.amountDue(h.id(), trancheNo(task), h.subsidyAmount());
                if (amount.signum() <= 0 || amount.compareTo(due) > 0) {
                    errors.add(new FieldError(null, VAR_PAYMENT_AMOUNT, amount.toPlainString(), "拨付金额应大于0且不超过本期应拨付的"
                            + due.toPlainString() + "元 (the amount must be positive and at most what this tranche pays)"));
                }
            }
            default -> {
                // the form's own rules are enough
            }
        }
    }

    private void applyEffects(DelegateTask task, Map<String, Object> v, HouseholdRef h) {
        switch (task.getTaskDefinitionKey()) {
            case TASK_VERIFY_HOUSEHOLD -> {
                CaseCategory category = CaseCategory.valueOf((String) v.get(VAR_CATEGORY));
                RiskLevel risk = RiskLevel.valueOf((String) v.get(VAR_RISK_LEVEL));
                if (category != h.category() || risk != h.riskLevel()) {
                    households.reclassify(h.id(), category, risk);
                }
            }
            case TASK_COUNTY_REVIEW -> {
                if (v.get(VAR_PRIORITY) != null || v.get(VAR_SUBSIDY_AMOUNT) != null) {
                    Object eligible = task.getVariable(VAR_ELIGIBLE);
                    households.recordAssessment(h.id(), eligible instanceof Boolean b ? b : null,
                            v.get(VAR_PRIORITY) == null ? null : ((Number) v.get(VAR_PRIORITY)).intValue(),
                            v.get(VAR_SUBSIDY_AMOUNT) == null ? h.subsidyAmount() : new BigDecimal(v.get(VAR_SUBSIDY_AMOUNT).toString()));
                }
            }
            case TASK_SIGN_AGREEMENT -> households.recordAgreement(h.id(), ResettlementMode.valueOf((String) v.get(VAR_RESETTLEMENT_MODE)),
                    new BigDecimal(v.get(VAR_CONFIRMED_SUBSIDY).toString()), LocalDate.parse((String) v.get("agreementDate")));
            case TASK_PAY_AGREEMENT_TRANCHE, TASK_PAY_ACCEPTANCE_TRANCHE -> {
                PaymentRow p = new PaymentRow();
                p.householdId = h.id();
                p.trancheNo = trancheNo(task);
                p.milestone = subsidyPlan.milestoneOf(p.trancheNo);
                p.amount = new BigDecimal(v.get(VAR_PAYMENT_AMOUNT).toString());
                p.paidOn = LocalDate.parse((String) v.get("paymentDate"));
                p.voucherNo = (String) v.get("voucherNo");
                p.recordedBy = history.actor();
                p.recordedAt = LocalDateTime.now(clock);
                payments.insert(p);
                households.paymentRecorded(p.householdId);
            }
            case TASK_MOVE_IN -> households.recordMilestone(h.id(), Milestone.MOVED_IN, LocalDate.parse((String) v.get("moveInDate")));
            case TASK_DEMOLISH_OLD_HOUSE -> {
                households.recordMilestone(h.id(), Milestone.DEMOLISHED, LocalDate.parse((String) v.get("demolitionDate")));
                // ends a reminder the township reviewer has not handled yet (its conditional boundary event)
                task.getExecution().getProcessInstance().setVariable(VAR_DEMOLITION_DONE, true);
            }
            case TASK_RECLAIM_HOMESTEAD -> households.recordMilestone(h.id(), Milestone.RECLAIMED,
                    LocalDate.parse((String) v.get("reclamationDate")));
            case TASK_COUNTY_INSPECTION -> {
                if (APPROVE.equals(v.get(VAR_DECISION))) {
                    households.recordMilestone(h.id(), Milestone.ACCEPTED, LocalDate.parse((String) v.get("inspectionDate")));
                }
            }
            default -> {
                // recorded in the history only
            }
        }
    }

    private static int trancheNo(DelegateTask task) {
        return ((Number) task.getVariable(VAR_TRANCHE_NO)).intValue();
    }

    static String formId(DelegateTask task) {
        UserTask model = (UserTask) task.getBpmnModelElementInstance();
        String ref = model.getCamundaFormRef();
        if (ref == null) {
            throw new IllegalStateException("user task " + task.getTaskDefinitionKey() + " has no camunda:formRef");
        }
        return ref;
    }
}
