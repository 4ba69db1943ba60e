package cn.jingyuan.relocation.approval.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.VariableScope;

/** Ids and names of {@code bpmn/batch-approval.bpmn}; business key = "batch-" + batch id. */
public final class BatchApprovalProcess {

    public static final String PROCESS_ID = "BatchApprovalProcess";
    public static final String TASK_DETERMINE_ROUTE = "Task_DetermineRoute";
    public static final String TASK_DEPUTY_DECISION = "Task_DeputyDecision";
    public static final String TASK_HEAD_DECISION = "Task_HeadDecision";
    public static final String TASK_APPLY_DECISION = "Task_ApplyDecision";
    public static final String BOUNDARY_BATCH_WITHDRAWN = "BoundaryEvent_BatchWithdrawn";
    public static final String MESSAGE_BATCH_WITHDRAWN = "Message_BatchWithdrawn";
    public static final String DECISION_ROUTE = "BatchApprovalRoute";

    public static final String VAR_BATCH_ID = "batchId";
    public static final String VAR_HOUSEHOLDS = "households";
    public static final String VAR_TOTAL_SUBSIDY = "totalSubsidy";
    public static final String VAR_NEEDS_HEAD = "needsHead";
    public static final String VAR_DECISION = "decision";
    public static final String VAR_COMMENT = "comment";
    public static final String VAR_DOCUMENT_NO = "documentNo";
    public static final String VAR_EXCLUDED_CASE_NOS = "excludedCaseNos";

    public static final String APPROVE = "APPROVE";
    public static final String REJECT = "REJECT";

    public static String businessKey(long batchId) {
        return "batch-" + batchId;
    }

    /** The batch of a process instance, from its business key: never from a variable a person might have written. */
    public static long batchId(VariableScope scope) {
        String key = scope instanceof DelegateTask t ? t.getExecution().getProcessBusinessKey()
                : ((DelegateExecution) scope).getProcessBusinessKey();
        if (key == null || !key.startsWith("batch-")) {
            throw new IllegalStateException("not a batch approval: business key " + key);
        }
        return Long.parseLong(key.substring("batch-".length()));
    }

    private BatchApprovalProcess() {
    }
}
