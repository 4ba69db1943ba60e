package cn.jingyuan.relocation.approval.process;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.approval.internal.BatchCaseRow;
import cn.jingyuan.relocation.approval.internal.BatchMapper;
import cn.jingyuan.relocation.approval.internal.BatchRow;
import cn.jingyuan.relocation.approval.internal.DecisionRow;
import cn.jingyuan.relocation.relocationcase.RelocationCaseService;

/**
 * 按审批结果推进案件 (asynchronous, after the final decision): hands every case of the batch to the case process —
 * included ones on to the agreement, excluded and rejected ones back to county review with the leader's opinion.
 * The cases then advance in their own jobs, so a batch of a thousand never becomes one giant transaction.
 */
@Component
public class ApplyBatchDecisionDelegate implements JavaDelegate {

    private final BatchMapper batches;
    private final RelocationCaseService cases;

    ApplyBatchDecisionDelegate(BatchMapper batches, RelocationCaseService cases) {
        this.batches = batches;
        this.cases = cases;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long batchId = BatchApprovalProcess.batchId(execution);
        BatchRow batch = batches.findById(batchId);
        List<DecisionRow> decisions = batches.findDecisions(batchId);
        String finalBy = decisions.isEmpty() ? null : decisions.get(decisions.size() - 1).decidedBy;
        List<String> included = new ArrayList<>();
        Map<String, String> opinions = new LinkedHashMap<>();
        Set<String> rejected = new HashSet<>();
        for (BatchCaseRow c : batches.findCases(batchId)) {
            if ("INCLUDED".equals(c.outcome)) {
                included.add(c.caseNo);
            } else {
                opinions.put(c.caseNo, c.opinion == null ? "领导审批未予纳入" : c.opinion);
                if ("REJECTED".equals(c.outcome)) {
                    rejected.add(c.caseNo);
                }
            }
        }
        cases.applyBatchDecision(batchId, batch.documentNo, finalBy, included, opinions, rejected);
    }
}
