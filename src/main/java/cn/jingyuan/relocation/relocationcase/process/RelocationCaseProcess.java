package cn.jingyuan.relocation.relocationcase.process;

/**
 * Ids and names of {@code bpmn/relocation-case.bpmn}: one process instance per household, business key = case
 * number. Delegates, services and tests use these instead of string literals; a deployed id is never renamed.
 */
public final class RelocationCaseProcess {

    public static final String PROCESS_ID = "RelocationCaseProcess";
    public static final String RESOURCE = "bpmn/relocation-case.bpmn";

    // user tasks, in process order
    public static final String TASK_VERIFY_HOUSEHOLD = "Task_VerifyHousehold";
    public static final String TASK_RECORD_APPLICATION = "Task_RecordApplication";
    public static final String TASK_VILLAGE_MEETING = "Task_VillageMeeting";
    public static final String TASK_CHECK_OBJECTION = "Task_CheckObjection";
    public static final String TASK_TOWNSHIP_REVIEW = "Task_TownshipReview";
    public static final String TASK_COUNTY_REVIEW = "Task_CountyReview";
    public static final String TASK_SIGN_AGREEMENT = "Task_SignAgreement";
    public static final String TASK_PAY_AGREEMENT_TRANCHE = "Task_PayAgreementTranche";
    public static final String TASK_RESETTLEMENT_UNIFIED = "Task_ResettlementUnified";
    public static final String TASK_RESETTLEMENT_SUBSIDY = "Task_ResettlementSubsidy";
    public static final String TASK_RESETTLEMENT_SELF_BUILD = "Task_ResettlementSelfBuild";
    public static final String TASK_RESETTLEMENT_RELATIVES = "Task_ResettlementRelatives";
    public static final String TASK_MOVE_IN = "Task_MoveIn";
    public static final String TASK_DEMOLISH_OLD_HOUSE = "Task_DemolishOldHouse";
    public static final String TASK_DEMOLITION_REMINDER = "Task_DemolitionReminder";
    public static final String TASK_RECLAIM_HOMESTEAD = "Task_ReclaimHomestead";
    public static final String TASK_TOWNSHIP_INSPECTION = "Task_TownshipInspection";
    public static final String TASK_COUNTY_INSPECTION = "Task_CountyInspection";
    public static final String TASK_PAY_ACCEPTANCE_TRANCHE = "Task_PayAcceptanceTranche";

    // service tasks
    public static final String TASK_ASSESS_CASE = "Task_AssessCase";
    public static final String TASK_MARK_DEMOLITION_OVERDUE = "Task_MarkDemolitionOverdue";
    public static final String TASK_ARCHIVE_CASE = "Task_ArchiveCase";

    // wait states and events
    public static final String RECEIVE_TASK_AWAIT_BATCH_DECISION = "ReceiveTask_AwaitBatchDecision";
    public static final String EVENT_AWAIT_REOPEN = "Event_AwaitReopen";
    public static final String GATEWAY_NOTICE_PERIOD = "Gateway_NoticePeriod";
    public static final String EVENT_NOTICE_PERIOD_OVER = "Event_NoticePeriodOver";
    public static final String EVENT_OBJECTION_RAISED = "Event_ObjectionRaised";
    public static final String BOUNDARY_DEMOLITION_OVERDUE = "BoundaryEvent_DemolitionOverdue";
    public static final String START_EVENT = "StartEvent_CaseOpened";
    public static final String START_EVENT_WITHDRAWN = "StartEvent_CaseWithdrawn";
    public static final String END_EVENT_ARCHIVED = "EndEvent_CaseArchived";
    public static final String END_EVENT_REJECTED = "EndEvent_CaseRejected";
    public static final String END_EVENT_WITHDRAWN = "EndEvent_CaseWithdrawn";
    public static final String END_EVENT_REMINDER_HANDLED = "EndEvent_ReminderHandled";
    public static final String BOUNDARY_DEMOLITION_DONE = "BoundaryEvent_DemolitionDone";
    public static final String END_EVENT_REMINDER_OBSOLETE = "EndEvent_ReminderObsolete";

    // messages
    public static final String MESSAGE_OBJECTION_RAISED = "Message_ObjectionRaised";
    public static final String MESSAGE_CASE_REOPENED = "Message_CaseReopened";
    public static final String MESSAGE_BATCH_DECIDED = "Message_BatchDecided";
    public static final String MESSAGE_CASE_WITHDRAWN = "Message_CaseWithdrawn";

    // decisions (bpmn/*.dmn)
    public static final String DECISION_ELIGIBILITY_PRIORITY = "EligibilityPriority";
    public static final String DECISION_SUBSIDY_AMOUNT = "SubsidyAmount";

    // process variables: ids and the few primitives gateways and forms need; the domain lives in the tables
    public static final String VAR_HOUSEHOLD_ID = "householdId";
    public static final String VAR_CASE_NO = "caseNo";
    public static final String VAR_TOWNSHIP_SLUG = "townshipSlug";
    public static final String VAR_PLAN_YEAR = "planYear";
    public static final String VAR_CATEGORY = "category";
    public static final String VAR_RISK_LEVEL = "riskLevel";
    public static final String VAR_HOUSEHOLD_SIZE = "householdSize";
    public static final String VAR_RESETTLEMENT_MODE = "resettlementMode";
    public static final String VAR_DECISION = "decision";
    public static final String VAR_WILLING = "willing";
    public static final String VAR_COMMENT = "comment";
    public static final String VAR_ELIGIBLE = "eligible";
    public static final String VAR_PRIORITY = "priority";
    public static final String VAR_SUBSIDY_AMOUNT = "subsidyAmount";
    public static final String VAR_CONFIRMED_SUBSIDY = "confirmedSubsidy";
    public static final String VAR_BATCH_INCLUDED = "batchIncluded";
    public static final String VAR_BATCH_ID = "batchId";
    /** Set when the old house is demolished: an open demolition reminder then ends by itself. */
    public static final String VAR_DEMOLITION_DONE = "demolitionDone";
    public static final String VAR_TRANCHE_NO = "trancheNo";
    public static final String VAR_PAYMENT_AMOUNT = "paymentAmount";

    // decisions a form can carry
    public static final String APPROVE = "APPROVE";
    public static final String RETURN = "RETURN";
    public static final String REJECT = "REJECT";
    public static final String UPHOLD = "UPHOLD";
    public static final String DISMISS = "DISMISS";
    public static final String APPLY = "APPLY";
    public static final String REFUSE = "REFUSE";

    private RelocationCaseProcess() {
    }
}
