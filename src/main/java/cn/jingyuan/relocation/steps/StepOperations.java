package cn.jingyuan.relocation.steps;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ActivityInstance;
import org.camunda.bpm.engine.runtime.ProcessInstanceModificationBuilder;
import org.camunda.bpm.engine.runtime.TransitionInstance;
import org.camunda.bpm.engine.task.DelegationState;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Activity;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import cn.jingyuan.relocation.household.HouseholdRef;
import cn.jingyuan.relocation.household.HouseholdService;
import cn.jingyuan.relocation.household.Stage;
import cn.jingyuan.relocation.steps.internal.CosignerMapper;
import cn.jingyuan.relocation.steps.internal.CosignerMapper.CosignerRow;
import cn.jingyuan.relocation.relocationcase.CaseEventType;
import cn.jingyuan.relocation.relocationcase.CaseHistory;
import cn.jingyuan.relocation.relocationcase.process.RelocationCaseProcess;
import cn.jingyuan.relocation.security.AccountDirectory;
import cn.jingyuan.relocation.security.AuditAction;
import cn.jingyuan.relocation.security.AuditLog;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.security.Role;
import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.shared.FieldError;
import cn.jingyuan.relocation.shared.TimeConfig;
import cn.jingyuan.relocation.worklist.NoticeType;
import cn.jingyuan.relocation.worklist.StepNotice;
import cn.jingyuan.relocation.worklist.WorkItem;
import cn.jingyuan.relocation.worklist.WorkItems;
import cn.jingyuan.relocation.worklist.WorklistService;

/**
 * The everyday operations on a step: 退回 (return to a visited step), 撤回 (recall one's own last step), 转办
 * (transfer), 委派 and its answer, 加签 / 减签 and the co-signers' opinions, 催办 (urge). Each is scoped like the task
 * list (another township's step is a 404), refused with a 4xx naming why when it does not apply, and written to the
 * case history and the audit trail in the same transaction as its effect on the engine.
 */
@Service
public class StepOperations {

    private final WorklistService worklist;
    private final WorkItems items;
    private final TaskService tasks;
    private final RuntimeService runtime;
    private final RepositoryService repository;
    private final HouseholdService households;
    private final CaseHistory history;
    private final AuditLog audit;
    private final AccountDirectory accounts;
    private final ApplicationEventPublisher events;
    private final CosignerMapper cosigners;
    private final Clock clock;
    private final Map<String, BpmnModelInstance> models = new ConcurrentHashMap<>();

    /** Steps whose effect a return cannot take back (a subsidy paid out). */
    private static final Set<String> IRREVERSIBLE = Set.of(RelocationCaseProcess.TASK_PAY_AGREEMENT_TRANCHE,
            RelocationCaseProcess.TASK_PAY_ACCEPTANCE_TRANCHE);

    StepOperations(WorklistService worklist, WorkItems items, TaskService tasks, RuntimeService runtime, RepositoryService repository,
                   HouseholdService households, CaseHistory history, AuditLog audit, AccountDirectory accounts,
                   ApplicationEventPublisher events, CosignerMapper cosigners, Clock clock) {
        this.worklist = worklist;
        this.items = items;
        this.tasks = tasks;
        this.runtime = runtime;
        this.repository = repository;
        this.households = households;
        this.history = history;
        this.audit = audit;
        this.accounts = accounts;
        this.events = events;
        this.cosigners = cosigners;
        this.clock = clock;
    }

    // ---- 退回 ----

    @Transactional(readOnly = true)
    public List<ReturnTarget> returnTargets(String taskId, CurrentUser user) {
        return targets(worklist.workable(taskId, user, false)).values().stream()
                .map(w -> new ReturnTarget(w.taskKey(), w.taskName(), w.completedBy(), name(w.completedBy()))).toList();
    }

    /**
     * Steps this case completed on its way to {@code task} (the latest completion of each), in the order first visited.
     * Money paid out is not undone by a return: a payment step, and every step before it, is not offered once paid.
     */
    private Map<String, WorkItem> targets(Task task) {
        Map<String, WorkItem> last = new LinkedHashMap<>();
        if (sideBranch(task.getProcessDefinitionId(), task.getTaskDefinitionKey())) {
            return last;
        }
        for (WorkItem w : items.completedOnPath(task.getProcessInstanceId())) {
            if (IRREVERSIBLE.contains(w.taskKey())) {
                last.clear();
            } else if (!w.taskKey().equals(task.getTaskDefinitionKey()) && !sideBranch(task.getProcessDefinitionId(), w.taskKey())) {
                last.put(w.taskKey(), w);
            }
        }
        return last;
    }

    @Transactional
    public void returnTo(String taskId, String target, String reason, CurrentUser user) {
        Task task = worklist.workable(taskId, user, true);
        List<FieldError> errors = new ArrayList<>();
        if (reason == null || reason.isBlank()) {
            errors.add(FieldError.of("reason", "退回须填写理由 (a reason is required)"));
        }
        if (target == null || target.isBlank()) {
            errors.add(FieldError.of("target", "须指定退回到的环节 (target is required)"));
        }
        WorkItem to = target == null ? null : targets(task).get(target);
        if (target != null && !target.isBlank() && to == null) {
            errors.add(new FieldError(null, "target", target, "该案件未经过此环节,不能退回到这里 (the case never visited this step)"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.badRequest("不能退回:" + errors.get(0).message(), errors);
        }
        HouseholdRef h = household(task);
        String toUser = "system".equals(to.completedBy()) ? null : to.completedBy();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("target", to.taskKey());
        details.put("targetName", to.taskName());
        if (toUser != null) {
            details.put("returnedTo", toUser);
            details.put("returnedToName", name(toUser));
        }
        record(h, CaseEventType.RETURNED, task, null, reason.strip(), details);
        items.undoSince(task.getProcessInstanceId(), to.completedMs());
        List<Task> recreated = moveTo(task.getProcessInstanceId(), task.getProcessDefinitionId(), to.taskKey(), toUser);
        items.endedBecause(task.getId(), "RETURNED");
        followStage(h, to);
        if (toUser != null) {
            events.publishEvent(new StepNotice(NoticeType.RETURNED, Set.of(toUser), null, "被退回:" + subject(to.taskName(), h) + ",理由:"
                    + reason.strip(), caseNo(task, h), recreated.isEmpty() ? null : recreated.get(0).getId(), slug(h), user.id()));
        }
        audit(h, task, "退回“" + task.getName() + "”至“" + to.taskName() + "”:" + reason.strip());
    }

    // ---- 撤回 ----

    @Transactional
    public void recall(String caseNo, String reason, CurrentUser user) {
        HouseholdRef h = households.visibleRef(caseNo, user);
        if (reason == null || reason.isBlank()) {
            throw ApiException.badRequest("撤回须填写理由 (a reason is required)", List.of(FieldError.of("reason", "必填 (required)")));
        }
        if (h.processInstanceId() == null || h.closed()) {
            throw ApiException.conflict("案件" + caseNo + "已" + h.stage().label() + ",不能撤回 (the case is not open)");
        }
        List<WorkItem> path = items.completedOnPath(h.processInstanceId());
        WorkItem mine = path.isEmpty() ? null : path.get(path.size() - 1);
        if (mine == null || !user.id().equals(mine.completedBy())) {
            if (path.stream().anyMatch(w -> user.id().equals(w.completedBy()))) {
                throw ApiException.conflict("您办理的环节之后已有他人办理,不能撤回 (a later step was completed since)");
            }
            throw ApiException.forbidden("只有办理上一环节的人可以撤回 (only who completed the last step may recall it)");
        }
        List<WorkItem> next = items.open(h.processInstanceId());
        String pdId;
        if (next.isEmpty()) {
            // no person's step next: recallable while the case only waits out a period (the public notice, a deadline)
            // that nobody has acted on, never once it waits for a decision or a message (the leaders' batch, a reopening)
            if (!onlyWaitingForTime(h.processInstanceId())) {
                throw ApiException.conflict("案件已进入" + h.stage().label() + "的自动或等待环节,不能撤回 (the next step is not a person's step)");
            }
            pdId = runtime.createProcessInstanceQuery().processInstanceId(h.processInstanceId()).singleResult().getProcessDefinitionId();
        } else {
            for (WorkItem w : next) {
                if (w.touched()) {
                    throw ApiException.conflict("下一环节“" + w.taskName() + "”已被认领或已有人提出意见,不能撤回 (the next step was already taken up)");
                }
            }
            pdId = tasks.createTaskQuery().taskId(next.get(0).taskId()).singleResult().getProcessDefinitionId();
        }
        if (sideBranch(pdId, mine.taskKey())) {
            throw ApiException.conflict("“" + mine.taskName() + "”是督办环节,不能撤回 (a reminder step cannot be recalled)");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("cancelled", next.stream().map(WorkItem::taskName).toList());
        history.record(h, CaseEventType.RECALLED, h.stage(), mine.taskId(), mine.taskKey(), mine.taskName(), null, reason.strip(), details);
        items.recalled(mine.taskId());
        moveTo(h.processInstanceId(), pdId, mine.taskKey(), user.id());
        next.forEach(w -> items.endedBecause(w.taskId(), "RECALLED"));
        followStage(h, mine);
        audit.record(AuditAction.WRITE, "case", h.caseNo(), "撤回“" + mine.taskName() + "”:" + reason.strip(), null, null);
    }

    // ---- 转办 ----

    @Transactional
    public void transfer(String taskId, String userId, String reason, CurrentUser user) {
        Task task = worklist.visibleTask(taskId, user);
        boolean holder = user.id().equals(task.getAssignee());
        boolean supervisor = worklist.supervises(task, user);
        List<String> groups = worklist.candidateGroups(taskId);
        boolean candidate = task.getAssignee() == null && groups.stream().anyMatch(user.groups()::contains);
        if (!holder && !candidate && !supervisor) {
            throw ApiException.forbidden("只有任务办理人、候选人或乡镇分管领导可以转办 (not allowed to transfer this step)");
        }
        if (task.getDelegationState() == DelegationState.PENDING) {
            throw ApiException.conflict("任务正在委派中,不能转办 (the step is delegated)");
        }
        CurrentUser target = person(userId, "userId");
        if (target.id().equals(task.getAssignee())) {
            throw ApiException.badRequest(target.displayName() + "已是该任务的办理人 (already holds the step)",
                    List.of(new FieldError(null, "userId", userId, "已是办理人")));
        }
        HouseholdRef h = household(task);
        if (target.groups().stream().noneMatch(groups::contains) || h != null && !target.maySee(h.township().slug())) {
            throw ApiException.badRequest(target.displayName() + "不能办理该环节:转办只能转给同一乡镇、同一岗位的人 (the user cannot do this step)",
                    List.of(new FieldError(null, "userId", userId, "不是该环节同一乡镇、同一岗位的办理人")));
        }
        String from = task.getAssignee();
        tasks.setAssignee(taskId, target.id());
        Map<String, Object> details = new LinkedHashMap<>();
        if (from != null) {
            details.put("from", from);
            details.put("fromName", name(from));
        }
        details.put("to", target.id());
        details.put("toName", target.displayName());
        record(h, CaseEventType.TRANSFERRED, task, null, blankToNull(reason), details);
        audit(h, task, "转办“" + task.getName() + "”给" + target.displayName());
    }

    // ---- 委派 ----

    @Transactional
    public void delegate(String taskId, String userId, String comment, CurrentUser user) {
        Task task = held(taskId, user, "委派");
        if (task.getDelegationState() == DelegationState.PENDING) {
            throw ApiException.conflict("任务已委派给" + name(task.getAssignee()) + ",待其答复 (already delegated)");
        }
        CurrentUser target = person(userId, "userId");
        HouseholdRef h = household(task);
        if (target.id().equals(user.id()) || h != null && !target.maySee(h.township().slug())) {
            throw ApiException.badRequest("只能委派给本乡镇或县级的其他人员 (delegate to someone else of the township or the county)",
                    List.of(new FieldError(null, "userId", userId, "不是本乡镇或县级的其他人员")));
        }
        tasks.delegateTask(taskId, target.id());
        items.touched(taskId, now());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("to", target.id());
        details.put("toName", target.displayName());
        record(h, CaseEventType.DELEGATED, task, null, blankToNull(comment), details);
        events.publishEvent(new StepNotice(NoticeType.DELEGATED, Set.of(target.id()), null, "委派:" + user.displayName() + "请您就"
                + subject(task.getName(), h) + "提出意见", caseNo(task, h), taskId, slug(h), user.id()));
        audit(h, task, "委派“" + task.getName() + "”给" + target.displayName());
    }

    @Transactional
    public void resolve(String taskId, String comment, CurrentUser user) {
        Task task = worklist.visibleTask(taskId, user);
        if (task.getDelegationState() != DelegationState.PENDING) {
            throw ApiException.conflict("该任务没有待答复的委派 (the step is not delegated)");
        }
        if (!user.id().equals(task.getAssignee())) {
            throw ApiException.forbidden("只有被委派人可以答复 (only the delegate may resolve)");
        }
        if (comment == null || comment.isBlank()) {
            throw ApiException.badRequest("答复须填写意见 (an opinion is required)", List.of(FieldError.of("comment", "必填 (required)")));
        }
        String owner = task.getOwner();
        tasks.resolveTask(taskId);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("owner", owner);
        details.put("ownerName", name(owner));
        record(household(task), CaseEventType.RESOLVED, task, null, comment.strip(), details);
        audit(household(task), task, "答复委派“" + task.getName() + "”");
    }

    // ---- 加签 / 减签 ----

    @Transactional
    public void addCosigners(String taskId, List<String> userIds, String comment, CurrentUser user) {
        Task task = held(taskId, user, "加签");
        if (userIds == null || userIds.isEmpty()) {
            throw ApiException.badRequest("须指定加签人 userIds (userIds is required)", List.of(FieldError.of("userIds", "必填 (required)")));
        }
        HouseholdRef h = household(task);
        Set<String> present = new HashSet<>(cosigners.findPresent(taskId).stream().map(c -> c.userId).toList());
        List<CurrentUser> added = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < userIds.size(); i++) {
            String id = userIds.get(i);
            CurrentUser p = id == null ? null : accounts.load(id).orElse(null);
            String field = "userIds[" + i + "]";
            if (p == null) {
                errors.add(new FieldError(null, field, id, "没有这个用户 (no such user)"));
            } else if (p.id().equals(user.id()) || present.contains(p.id()) || added.stream().anyMatch(a -> a.id().equals(p.id()))) {
                errors.add(new FieldError(null, field, id, "已是办理人或加签人 (already on this step)"));
            } else if (h != null && !p.maySee(h.township().slug())) {
                errors.add(new FieldError(null, field, id, "只能加签本乡镇或县级人员 (not of this township or the county)"));
            } else {
                added.add(p);
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.badRequest("加签人有误:" + errors.get(0).message(), errors);
        }
        LocalDateTime now = now();
        for (CurrentUser p : added) {
            CosignerRow r = new CosignerRow();
            r.taskId = taskId;
            r.userId = p.id();
            r.addedBy = user.id();
            r.addedAt = now;
            cosigners.insert(r);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("cosigners", added.stream().map(CurrentUser::id).toList());
        details.put("cosignerNames", added.stream().map(CurrentUser::displayName).toList());
        record(h, CaseEventType.COSIGNED, task, null, blankToNull(comment), details);
        events.publishEvent(new StepNotice(NoticeType.COSIGN, Set.copyOf(added.stream().map(CurrentUser::id).toList()), null,
                "加签:" + user.displayName() + "请您对" + subject(task.getName(), h) + "提出意见", caseNo(task, h), taskId, slug(h), user.id()));
        audit(h, task, "加签“" + task.getName() + "”:" + String.join("、", added.stream().map(CurrentUser::displayName).toList()));
    }

    @Transactional
    public void removeCosigner(String taskId, String userId, CurrentUser user) {
        Task task = held(taskId, user, "减签");
        CosignerRow row = cosigners.findPresent(taskId).stream().filter(c -> c.userId.equals(userId)).findFirst()
                .orElseThrow(() -> ApiException.notFound(userId + "不是该环节的加签人 (not a co-signer of this step)"));
        if (row.opinionAt != null) {
            throw ApiException.conflict(name(userId) + "已提出意见,不能减签 (the co-signer already gave an opinion)");
        }
        cosigners.remove(row.id, now());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("cosigner", userId);
        details.put("cosignerName", name(userId));
        HouseholdRef h = household(task);
        record(h, CaseEventType.COSIGNER_REMOVED, task, null, null, details);
        audit(h, task, "减签“" + task.getName() + "”:" + name(userId));
    }

    /** A co-signer's opinion: the step's holder sees it in the history and may complete once every co-signer gave one. */
    @Transactional
    public void opinion(String taskId, String comment, CurrentUser user) {
        Task task = tasks.createTaskQuery().taskId(taskId).singleResult();
        CosignerRow row = task == null ? null
                : cosigners.findPresent(taskId).stream().filter(c -> c.userId.equals(user.id())).findFirst().orElse(null);
        if (row == null) {
            // someone who is not a co-signer learns nothing about the step
            worklist.visibleTask(taskId, user);
            throw ApiException.forbidden("您不是该环节的加签人 (you are not a co-signer of this step)");
        }
        if (row.opinionAt != null) {
            throw ApiException.conflict("您已提出过意见 (you already gave your opinion)");
        }
        if (comment == null || comment.isBlank()) {
            throw ApiException.badRequest("意见不能为空 (comment is required)", List.of(FieldError.of("comment", "必填 (required)")));
        }
        HouseholdRef h = household(task);
        if (h != null && !user.maySee(h.township().slug())) {
            throw ApiException.notFound("没有这个任务 (no such task)");
        }
        cosigners.giveOpinion(row.id, comment.strip(), now());
        items.touched(taskId, now());
        record(h, CaseEventType.COSIGN_OPINION, task, null, comment.strip(), Map.of("cosigner", user.id(), "cosignerName", user.displayName()));
        audit(h, task, "加签意见“" + task.getName() + "”");
    }

    /** A step on which the user, a co-signer, still owes an opinion: its name and case (for the co-signer's page). */
    public record OwedOpinion(String taskId, String taskName, String caseNo) {
    }

    /** The step's request for the user's opinion, if the user is one of its co-signers and has not given it yet. */
    @Transactional(readOnly = true)
    public java.util.Optional<OwedOpinion> owedOpinion(String taskId, CurrentUser user) {
        Task task = tasks.createTaskQuery().taskId(taskId).singleResult();
        if (task == null || cosigners.findPresent(taskId).stream().noneMatch(c -> c.userId.equals(user.id()) && c.opinionAt == null)) {
            return java.util.Optional.empty();
        }
        HouseholdRef h = household(task);
        if (h != null && !user.maySee(h.township().slug())) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new OwedOpinion(taskId, task.getName(), h == null ? null : h.caseNo()));
    }

    /** The co-signers of a step the user may see: who, and their opinion if given. */
    @Transactional(readOnly = true)
    public List<Cosigner> cosigners(String taskId, CurrentUser user) {
        Task task = tasks.createTaskQuery().taskId(taskId).singleResult();
        List<CosignerRow> rows = task == null ? List.of() : cosigners.findPresent(taskId);
        if (rows.stream().noneMatch(c -> c.userId.equals(user.id()))) {
            worklist.visibleTask(taskId, user);
        }
        return rows.stream().map(c -> new Cosigner(c.userId, name(c.userId), c.opinion, c.opinionAt)).toList();
    }

    /** A co-signer of a step and their opinion (null until given). */
    public record Cosigner(String userId, String name, String opinion, LocalDateTime opinionAt) {
    }

    // ---- 催办 ----

    @Transactional
    public int urge(String taskId, String message, CurrentUser user) {
        Task task = worklist.visibleTask(taskId, user);
        HouseholdRef h = household(task);
        boolean county = user.hasAny(Role.ADMIN, Role.OFFICER);
        boolean reviewer = user.has(Role.TOWNSHIP_LEAD) && h != null && h.township().slug().equals(user.townshipSlug());
        if (!county && !reviewer) {
            throw ApiException.forbidden("只有本乡镇分管领导、县局经办人或管理员可以催办 (only the township reviewer, the officer or the administrator may urge)");
        }
        if (user.id().equals(task.getAssignee())) {
            throw ApiException.badRequest("不能催办自己办理的任务 (you hold this step yourself)");
        }
        return urge(task, h, blankToNull(message), user.id(), now());
    }

    /**
     * Steps past their due date urge themselves, once a day: each open overdue step not urged since the start of the
     * day counts one more urge and tells its holder or candidates. Returns how many were urged.
     */
    @Transactional
    public int urgeOverdue(java.util.Date now) {
        LocalDateTime at = LocalDateTime.ofInstant(now.toInstant(), TimeConfig.COUNTY_ZONE);
        LocalDateTime startOfDay = at.toLocalDate().atStartOfDay();
        int urged = 0;
        for (int round = 0; round < 1000; round++) { // each round marks its steps urged today: at most 500,000 steps
            List<WorkItem> due = items.overdueToUrge(at, startOfDay, 500);
            if (due.isEmpty()) {
                break;
            }
            for (WorkItem w : due) {
                Task task = tasks.createTaskQuery().taskId(w.taskId()).singleResult();
                if (task == null) {
                    items.urged(w.taskId(), at); // not open in the engine after all: skipped until tomorrow
                    continue;
                }
                urge(task, w.householdId() == null ? null : households.findRef(w.householdId()).orElse(null), null, null, at);
                urged++;
            }
        }
        return urged;
    }

    private int urge(Task task, HouseholdRef h, String message, String actor, LocalDateTime at) {
        int count = items.urged(task.getId(), at);
        Set<String> users = task.getAssignee() == null ? Set.of() : Set.of(task.getAssignee());
        Set<String> groups = task.getAssignee() == null ? Set.copyOf(worklist.candidateGroups(task.getId())) : Set.of();
        String title = "催办:" + subject(task.getName(), h) + (actor == null ? "已逾期,请尽快办理" : "请尽快办理")
                + (message == null ? "" : "(" + message + ")");
        events.publishEvent(new StepNotice(NoticeType.URGED, users, groups, title, caseNo(task, h), task.getId(), slug(h), actor));
        record(h, CaseEventType.URGED, task, null, message, Map.of("urgeCount", count));
        if (actor != null) {
            audit(h, task, "催办“" + task.getName() + "”(第" + count + "次)");
        }
        return count;
    }

    // ---- engine ----

    /**
     * Cancels every activity of the process instance (steps, multi-instance bodies, timers, waiting gateways,
     * asynchronous continuations) and starts it again before {@code activityId}, whose tasks go to {@code assignee}.
     */
    private List<Task> moveTo(String processInstanceId, String processDefinitionId, String activityId, String assignee) {
        ActivityInstance root = runtime.getActivityInstance(processInstanceId);
        ProcessInstanceModificationBuilder modification = runtime.createProcessInstanceModification(processInstanceId)
                .startBeforeActivity(multiInstance(processDefinitionId, activityId) ? activityId + "#multiInstanceBody" : activityId);
        for (ActivityInstance child : root.getChildActivityInstances()) {
            modification.cancelActivityInstance(child.getId());
        }
        for (TransitionInstance child : root.getChildTransitionInstances()) {
            modification.cancelTransitionInstance(child.getId());
        }
        modification.execute();
        List<Task> created = tasks.createTaskQuery().processInstanceId(processInstanceId).taskDefinitionKey(activityId).list();
        if (assignee != null) {
            created.forEach(t -> tasks.setAssignee(t.getId(), assignee));
        }
        return created;
    }

    /** The instance waits only on timers (a timer catch event, or an event-based gateway such as the public notice). */
    private boolean onlyWaitingForTime(String processInstanceId) {
        ActivityInstance root = runtime.getActivityInstance(processInstanceId);
        if (root == null || root.getChildActivityInstances().length == 0 || root.getChildTransitionInstances().length > 0) {
            return false;
        }
        for (ActivityInstance child : root.getChildActivityInstances()) {
            if (!"intermediateTimer".equals(child.getActivityType()) && !"eventBasedGateway".equals(child.getActivityType())) {
                return false;
            }
        }
        return true;
    }

    private boolean multiInstance(String processDefinitionId, String activityId) {
        return model(processDefinitionId).getModelElementById(activityId) instanceof Activity a && a.getLoopCharacteristics() != null;
    }

    /** A step reached only from a non-interrupting boundary event (a reminder): not on the case's path. */
    private boolean sideBranch(String processDefinitionId, String activityId) {
        if (!(model(processDefinitionId).getModelElementById(activityId) instanceof FlowNode node)) {
            return true;
        }
        Set<String> seen = new HashSet<>();
        List<FlowNode> todo = new ArrayList<>(List.of(node));
        while (!todo.isEmpty()) {
            FlowNode n = todo.remove(todo.size() - 1);
            if (!seen.add(n.getId())) {
                continue;
            }
            for (SequenceFlow in : n.getIncoming()) {
                FlowNode source = in.getSource();
                if (source instanceof BoundaryEvent b && !b.cancelActivity()) {
                    return true;
                }
                if (!(source instanceof UserTask) && !(source instanceof StartEvent)) {
                    todo.add(source);
                }
            }
        }
        return false;
    }

    private BpmnModelInstance model(String processDefinitionId) {
        return models.computeIfAbsent(processDefinitionId, repository::getBpmnModelInstance);
    }

    // ---- helpers ----

    /** The task if the user holds it (a candidate of an unheld task takes it by acting); 409 when someone else does. */
    private Task held(String taskId, CurrentUser user, String what) {
        Task task = worklist.workable(taskId, user, true);
        if (task.getAssignee() == null) {
            tasks.setAssignee(taskId, user.id());
            return tasks.createTaskQuery().taskId(taskId).singleResult();
        }
        return task;
    }

    private CurrentUser person(String userId, String field) {
        if (userId == null || userId.isBlank()) {
            throw ApiException.badRequest("须指定 " + field + " (" + field + " is required)", List.of(FieldError.of(field, "必填 (required)")));
        }
        return accounts.load(userId.strip()).filter(u -> !u.id().equals("system"))
                .orElseThrow(() -> ApiException.badRequest("没有用户 " + userId + " (no such user)",
                        List.of(new FieldError(null, field, userId, "没有这个用户"))));
    }

    private HouseholdRef household(Task task) {
        return items.find(task.getId()).map(WorkItem::householdId).filter(Objects::nonNull).flatMap(households::findRef).orElse(null);
    }

    private void followStage(HouseholdRef h, WorkItem step) {
        if (h != null && step.stage() != null) {
            households.enterStage(h.id(), Stage.valueOf(step.stage()));
        }
    }

    private void record(HouseholdRef h, CaseEventType type, Task task, String decision, String comment, Map<String, Object> details) {
        if (h != null) {
            HouseholdRef now = households.findRef(h.id()).orElse(h);
            history.record(now, type, now.stage(), task.getId(), task.getTaskDefinitionKey(), task.getName(), decision, comment, details);
        }
    }

    private void audit(HouseholdRef h, Task task, String summary) {
        if (h != null) {
            audit.record(AuditAction.WRITE, "case", h.caseNo(), summary, null, null);
        } else {
            audit.record(AuditAction.WRITE, "task", task.getId(), summary, null, null);
        }
    }

    private String name(String userId) {
        return userId == null ? null : "system".equals(userId) ? "系统" : accounts.displayName(userId).orElse(userId);
    }

    private static String subject(String stepName, HouseholdRef h) {
        return "“" + stepName + "”" + (h == null ? "" : "(" + h.caseNo() + " " + h.headName() + "户)");
    }

    private static String caseNo(Task task, HouseholdRef h) {
        return h == null ? null : h.caseNo();
    }

    private static String slug(HouseholdRef h) {
        return h == null ? null : h.township().slug();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private LocalDateTime now() {
        return LocalDateTime.ofInstant(ClockUtil.getCurrentTime().toInstant(), TimeConfig.COUNTY_ZONE);
    }
}
