package cn.jingyuan.relocation.steps;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import cn.jingyuan.relocation.approval.BatchService;
import cn.jingyuan.relocation.approval.BatchView;
import cn.jingyuan.relocation.approval.process.BatchApprovalProcess;
import cn.jingyuan.relocation.household.HouseholdService;
import cn.jingyuan.relocation.steps.internal.CopyMapper;
import cn.jingyuan.relocation.steps.internal.CopyMapper.CopyRow;
import cn.jingyuan.relocation.relocationcase.process.RelocationCaseProcess;
import cn.jingyuan.relocation.security.AccountDirectory;
import cn.jingyuan.relocation.security.AuditAction;
import cn.jingyuan.relocation.security.AuditLog;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.security.CurrentUsers;
import cn.jingyuan.relocation.security.Groups;
import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.shared.PageRequest;
import cn.jingyuan.relocation.shared.PageResult;
import cn.jingyuan.relocation.shared.TimeConfig;
import cn.jingyuan.relocation.worklist.NoticeType;
import cn.jingyuan.relocation.worklist.StepNotice;

/**
 * 抄送: configured steps copy people when they complete, in the completion's transaction and whichever door completed
 * them: the county review (县级审定) copies the deputy county head; the leaders' decision on a batch copies the
 * township reviewers of the townships its cases belong to. 抄送我的 lists them, read or unread.
 */
@Service
public class Copies {

    private final CopyMapper copies;
    private final AccountDirectory accounts;
    private final HouseholdService households;
    private final ApplicationEventPublisher events;
    private final AuditLog audit;
    private final Clock clock;
    private final BatchService batches;

    Copies(CopyMapper copies, AccountDirectory accounts, HouseholdService households, ApplicationEventPublisher events, AuditLog audit,
           Clock clock, BatchService batches) {
        this.batches = batches;
        this.copies = copies;
        this.accounts = accounts;
        this.households = households;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
    }

    @EventListener
    public void on(DelegateTask task) {
        if (!TaskListener.EVENTNAME_COMPLETE.equals(task.getEventName())) {
            return;
        }
        String key = task.getTaskDefinitionKey();
        Set<String> to = new LinkedHashSet<>();
        String caseNo = null;
        String slug = null;
        if (RelocationCaseProcess.TASK_COUNTY_REVIEW.equals(key) && isProcess(task, RelocationCaseProcess.PROCESS_ID)) {
            to.addAll(accounts.membersOf(Groups.DEPUTY));
            caseNo = task.getExecution().getProcessBusinessKey();
            slug = (String) task.getVariable(RelocationCaseProcess.VAR_TOWNSHIP_SLUG);
        } else if ((BatchApprovalProcess.TASK_DEPUTY_DECISION.equals(key) || BatchApprovalProcess.TASK_HEAD_DECISION.equals(key))
                && isProcess(task, BatchApprovalProcess.PROCESS_ID)) {
            for (String township : batchTownships(task)) {
                to.addAll(accounts.membersOf(Groups.townshipLead(township)));
            }
        }
        if (to.isEmpty()) {
            return;
        }
        String from = task.getAssignee() != null ? task.getAssignee() : CurrentUsers.idOrSystem();
        to.remove(from);
        LocalDateTime now = LocalDateTime.ofInstant(ClockUtil.getCurrentTime().toInstant(), TimeConfig.COUNTY_ZONE);
        for (String recipient : to) {
            CopyRow r = new CopyRow();
            r.recipientId = recipient;
            r.caseNo = caseNo;
            r.taskId = task.getId();
            r.taskKey = key;
            r.stepName = task.getName();
            r.fromId = from;
            r.createdAt = now;
            copies.insert(r);
        }
        String fromName = accounts.displayName(from).orElse("系统");
        events.publishEvent(new StepNotice(NoticeType.COPIED, to, null, "抄送:" + fromName + "办理了“" + task.getName() + "”"
                + (caseNo == null ? "" : "(" + caseNo + ")"), caseNo, task.getId(), slug, from));
    }

    /** The townships (slugs) of a batch's cases. */
    private Set<String> batchTownships(DelegateTask task) {
        Set<String> slugs = new LinkedHashSet<>();
        if (task.getVariable(BatchApprovalProcess.VAR_BATCH_ID) instanceof Number id) {
            List<String> caseNos = batches.view(id.longValue(), CurrentUser.system()).cases().stream().map(BatchView.BatchCase::caseNo).toList();
            households.findRefs(caseNos).forEach(h -> slugs.add(h.township().slug()));
        }
        return slugs;
    }

    private static boolean isProcess(DelegateTask task, String processId) {
        return task.getProcessDefinitionId() != null && task.getProcessDefinitionId().startsWith(processId + ":");
    }

    @Transactional(readOnly = true)
    public PageResult<CopyView> mine(Boolean unread, PageRequest page, CurrentUser user) {
        long total = copies.countByRecipient(user.id(), unread);
        List<CopyView> items = copies.findByRecipient(user.id(), unread, page.offset(), page.size()).stream()
                .map(r -> new CopyView(r.id, r.caseNo, r.stepName, r.fromId == null ? "系统" : accounts.displayName(r.fromId).orElse(r.fromId),
                        r.createdAt, r.readAt != null)).toList();
        return new PageResult<>(items, total, page.page(), page.size());
    }

    @Transactional
    public void markRead(long id, CurrentUser user) {
        CopyRow r = copies.findById(id);
        if (r == null || !r.recipientId.equals(user.id())) {
            throw ApiException.notFound("没有这条抄送 (no such copy)");
        }
        if (r.readAt == null) {
            copies.markRead(id, user.id(), LocalDateTime.now(clock));
            audit.record(AuditAction.UPDATE, "copy", id, "已阅抄送“" + r.stepName + "”", Map.of("read", false), Map.of("read", true));
        }
    }
}
