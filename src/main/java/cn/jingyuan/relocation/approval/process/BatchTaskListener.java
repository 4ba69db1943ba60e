package cn.jingyuan.relocation.approval.process;

import static cn.jingyuan.relocation.approval.process.BatchApprovalProcess.*;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.approval.BatchStatus;
import cn.jingyuan.relocation.approval.internal.BatchCaseRow;
import cn.jingyuan.relocation.approval.internal.BatchMapper;
import cn.jingyuan.relocation.approval.internal.BatchRow;
import cn.jingyuan.relocation.approval.internal.DecisionRow;
import cn.jingyuan.relocation.relocationcase.CaseHistory;
import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.shared.FieldError;
import cn.jingyuan.relocation.shared.TimeConfig;

/**
 * {@code ${batchTaskListener}} on the leaders' decision tasks, whether decided through /api or Tasklist. The rules
 * live here so no path can skip them: the batch's author may not decide on it; nobody decides at two levels of
 * one batch (403); a decision carries an opinion, excluded cases must be in the batch, and the final approval
 * carries its document number (文号). The decision is recorded, excluded cases are marked with the opinion, and
 * the batch moves on (to the county head, or decided).
 */
@Component
public class BatchTaskListener implements TaskListener {

    public static final String DEPUTY = "DEPUTY";
    public static final String HEAD = "HEAD";

    private final BatchMapper batches;
    private final CaseHistory history;
    private final Clock clock;

    BatchTaskListener(BatchMapper batches, CaseHistory history, Clock clock) {
        this.batches = batches;
        this.history = history;
        this.clock = clock;
    }

    @Override
    public void notify(DelegateTask task) {
        if (EVENTNAME_CREATE.equals(task.getEventName())) {
            task.setDueDate(Date.from(LocalDateTime.now(clock).plusDays(5).atZone(TimeConfig.COUNTY_ZONE).toInstant()));
            for (String stale : List.of(VAR_DECISION, VAR_COMMENT, VAR_DOCUMENT_NO, VAR_EXCLUDED_CASE_NOS)) {
                task.getExecution().removeVariable(stale);
            }
        } else if (EVENTNAME_COMPLETE.equals(task.getEventName())) {
            decided(task);
        }
    }

    private void decided(DelegateTask task) {
        long batchId = BatchApprovalProcess.batchId(task);
        BatchRow batch = batches.findById(batchId);
        String level = TASK_DEPUTY_DECISION.equals(task.getTaskDefinitionKey()) ? DEPUTY : HEAD;
        String actor = history.actor();
        checkSeparationOfDuties(batch, level, actor);
        String decision = text(task.getVariable(VAR_DECISION));
        String comment = text(task.getVariable(VAR_COMMENT));
        String documentNo = text(task.getVariable(VAR_DOCUMENT_NO));
        Set<String> excluded = caseNumbers(task.getVariable(VAR_EXCLUDED_CASE_NOS));
        boolean finalApproval = APPROVE.equals(decision) && (HEAD.equals(level) || !Boolean.TRUE.equals(batch.needsHead));
        List<BatchCaseRow> cases = batches.findCases(batchId);
        check(decision, comment, documentNo, excluded, finalApproval, cases);

        LocalDateTime now = LocalDateTime.now(clock);
        DecisionRow d = new DecisionRow();
        d.batchId = batchId;
        d.level = level;
        d.decision = REJECT.equals(decision) ? REJECT : excluded.isEmpty() ? APPROVE : "APPROVE_WITH_EXCLUSIONS";
        d.decidedBy = actor;
        d.decidedAt = now;
        d.comment = comment;
        d.documentNo = documentNo;
        d.excludedCaseNos = excluded.isEmpty() ? null : String.join(",", excluded);
        batches.insertDecision(d);
        if (!excluded.isEmpty()) {
            batches.setOutcome(batchId, excluded, "EXCLUDED", comment, true);
        }
        BatchStatus next;
        if (REJECT.equals(decision)) {
            batches.setOutcome(batchId, null, "REJECTED", comment, true);
            next = BatchStatus.REJECTED;
        } else if (finalApproval) {
            batches.setOutcome(batchId, null, "INCLUDED", null, true);
            next = BatchStatus.APPROVED;
        } else {
            next = BatchStatus.PENDING_HEAD;
        }
        if (batches.updateStatus(batchId, next.name(), finalApproval ? documentNo : null, next.isOpen() ? null : now, batch.version) != 1) {
            throw ApiException.conflict("批次" + batchId + "刚被他人处理 (the batch changed meanwhile)");
        }
        if (!next.isOpen()) {
            batches.release(batchId);
        }
        task.setVariable(VAR_DECISION, REJECT.equals(decision) ? REJECT : APPROVE);
    }

    private void checkSeparationOfDuties(BatchRow batch, String level, String actor) {
        if (actor.equals(batch.author)) {
            throw ApiException.forbidden("批次的提交人不能审批本批次 (the batch's author cannot decide on it)");
        }
        if (HEAD.equals(level)) {
            boolean decidedBefore = batches.findDecisions(batch.id).stream().anyMatch(x -> x.decidedBy.equals(actor));
            if (decidedBefore) {
                throw ApiException.forbidden("同一人不能在同一批次的两级审批中都作出决定 (nobody decides at two levels of one batch)");
            }
        }
    }

    private static void check(String decision, String comment, String documentNo, Set<String> excluded, boolean finalApproval,
                              List<BatchCaseRow> cases) {
        List<FieldError> errors = new java.util.ArrayList<>();
        if (!APPROVE.equals(decision) && !REJECT.equals(decision)) {
            errors.add(new FieldError(null, "decision", decision, "审批结论应为 APPROVE(同意)或 REJECT(不同意) (decision must be APPROVE or REJECT)"));
        }
        if (comment == null) {
            errors.add(FieldError.of("comment", "须填写审批意见 (an opinion is required)"));
        }
        if (finalApproval && documentNo == null) {
            errors.add(FieldError.of("documentNo", "终审同意须填写批准文号 (the final approval carries its document number)"));
        }
        if (REJECT.equals(decision) && !excluded.isEmpty()) {
            errors.add(FieldError.of("excludedCaseNos", "整批退回时不再单列暂不纳入的案件 (exclusions go with an approval)"));
        }
        Set<String> pending = new LinkedHashSet<>();
        cases.stream().filter(c -> "PENDING".equals(c.outcome)).forEach(c -> pending.add(c.caseNo));
        for (String x : excluded) {
            if (!pending.contains(x)) {
                errors.add(new FieldError(null, "excludedCaseNos", x, "该案件不在本批次待审案件中 (not a pending case of this batch)"));
            }
        }
        if (APPROVE.equals(decision) && !excluded.isEmpty() && excluded.containsAll(pending)) {
            errors.add(FieldError.of("excludedCaseNos", "全部案件都暂不纳入,请选择不同意 (every case excluded: reject the batch instead)"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.badRequest("审批内容不完整 (the decision is incomplete)", errors);
        }
    }

    static Set<String> caseNumbers(Object raw) {
        Set<String> out = new LinkedHashSet<>();
        if (raw instanceof java.util.Collection<?> c) {
            c.forEach(x -> out.add(String.valueOf(x).strip()));
        } else if (raw != null) {
            Arrays.stream(String.valueOf(raw).split("[,,;;\\s]+")).map(String::strip).filter(s -> !s.isEmpty()).forEach(out::add);
        }
        return out;
    }

    private static String text(Object o) {
        return o == null || String.valueOf(o).isBlank() ? null : String.valueOf(o).strip();
    }
}
