package cn.jingyuan.relocation.approval.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.approval.internal.BatchMapper;

/** Keeps the route the DMN table chose (deputy only, or deputy then head) on the batch row, for lists and sheets. */
@Component
public class BatchRouteListener implements ExecutionListener {

    private final BatchMapper batches;

    BatchRouteListener(BatchMapper batches) {
        this.batches = batches;
    }

    @Override
    public void notify(DelegateExecution execution) {
        long id = BatchApprovalProcess.batchId(execution);
        batches.updateNeedsHead(id, Boolean.TRUE.equals(execution.getVariable(BatchApprovalProcess.VAR_NEEDS_HEAD)));
    }
}
