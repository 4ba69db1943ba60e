package cn.jingyuan.relocation.annualplan.process;

/** Ids and names of {@code bpmn/annual-plan.bpmn}: one instance per plan year, business key "plan-" + year. */
public final class AnnualPlanProcess {

    public static final String PROCESS_ID = "AnnualPlanProcess";
    public static final String TASK_APPROVE_PLAN = "Task_ApprovePlan";
    public static final String TASK_REVISE_PLAN = "Task_RevisePlan";
    public static final String TASK_ACTIVATE_PLAN = "Task_ActivatePlan";
    public static final String RECEIVE_TASK_AWAIT_ROLLOVER = "ReceiveTask_AwaitRollover";
    public static final String TASK_CONFIRM_ROLLOVER = "Task_ConfirmRollover";
    public static final String TASK_CARRY_OVER = "Task_CarryOver";
    public static final String EVENT_ROLLOVER_REMINDER_DUE = "Event_RolloverReminderDue";
    public static final String TASK_PREPARE_ROLLOVER = "Task_PrepareRollover";
    public static final String MESSAGE_ROLLOVER_PROPOSED = "Message_RolloverProposed";

    public static final String VAR_PLAN_YEAR = "planYear";
    public static final String VAR_ROLLOVER_ID = "rolloverId";
    public static final String VAR_DECISION = "decision";
    public static final String VAR_COMMENT = "comment";

    public static final String APPROVE = "APPROVE";
    public static final String RETURN = "RETURN";
    public static final String REJECT = "REJECT";

    public static String businessKey(int year) {
        return "plan-" + year;
    }

    private AnnualPlanProcess() {
    }
}
