package cn.jingyuan.relocation.worklist;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutor;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.cmd.AssignTaskCmd;
import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.camunda.bpm.engine.impl.cmd.SetTaskVariablesCmd;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import cn.jingyuan.relocation.household.Stage;
import cn.jingyuan.relocation.household.Township;
import cn.jingyuan.relocation.household.TownshipDirectory;
import cn.jingyuan.relocation.security.AccountDirectory;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.security.Groups;
import cn.jingyuan.relocation.security.Role;
import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.shared.FieldError;
import cn.jingyuan.relocation.shared.PageRequest;
import cn.jingyuan.relocation.shared.PageResult;
import cn.jingyuan.relocation.worklist.internal.TaskFilter;
import cn.jingyuan.relocation.worklist.internal.TaskRow;
import cn.jingyuan.relocation.worklist.internal.TodoCursor;
import cn.jingyuan.relocation.worklist.internal.WorkItemMapper;
import cn.jingyuan.relocation.worklist.internal.WorkItemRow;
import cn.jingyuan.relocation.worklist.internal.WorkloadRow;
import cn.jingyuan.relocation.shared.TimeConfig;
import cn.jingyuan.relocation.shared.Coded;

/**
 * Everyone's task list, across all processes (cases, batches, plans). A task is done by its candidates: the
 * members of its candidate groups, or its assignee once someone holds it. Township reviewers also see and
 * (re)assign their task force's tasks; the county officer and the administrator see every task. A task of
 * another township is simply not there (404).
 */
@Service
public class WorklistService {

    private final TaskService tasks;
    private final HistoryService historyService;
    private final FormSpecs forms;
    private final TownshipDirectory townships;
    private final AccountDirectory accounts;
    private final Clock clock;
    private final CommandExecutor commands;
    private final WorkItemMapper workItems;
    private final List<CompletionValues> completionValues;
    private final org.springframework.jdbc.core.JdbcTemplate jdbc;

    WorklistService(TaskService tasks, HistoryService historyService, FormSpecs forms,
                    TownshipDirectory townships, AccountDirectory accounts, Clock clock, ProcessEngine engine, WorkItemMapper workItems,
                    List<CompletionValues> completionValues, org.springframework.jdbc.core.JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.workItems = workItems;
        this.completionValues = completionValues;
        this.commands = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getCommandExecutorTxRequired();
        this.tasks = tasks;
        this.historyService = historyService;
        this.forms = forms;
        this.townships = townships;
        this.accounts = accounts;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public PageResult<TaskView> list(String scope, String township, String stage, Boolean overdue, PageRequest page, CurrentUser user) {
        String s = scope == null || scope.isBlank() ? "all" : scope;
        if (!Set.of("mine", "group", "all", "todo", "done").contains(s)) {
            throw ApiException.badRequest("scope 只能是 mine、group、todo、all 或 done (scope must be mine, group, todo, all or done)",
                    List.of(FieldError.of("scope", "取值无效 (invalid)")));
        }
        if ("done".equals(s)) {
            DonePage d = done(null, page, user);
            return new PageResult<>(d.items(), d.total(), d.page(), d.size());
        }
        // todo: what I can do myself (mine and my groups'), without what I only supervise or see
        boolean todo = "todo".equals(s);
        String townshipCode = township == null || township.isBlank() ? null : townships.require(township).code();
        if (!user.isCountyWide()) {
            String own = ownTownship(user).code();
            if (townshipCode != null && !townshipCode.equals(own)) {
                return new PageResult<>(List.of(), 0, page.page(), page.size());
            }
        }
        String stageCode = stageCode(stage);
        TaskFilter f = new TaskFilter(todo ? "all" : s, !todo && seesEverything(user), user.id(), user.groups(),
                todo ? null : supervisedGroup(user), townshipCode, stageCode,
                Boolean.TRUE.equals(overdue) ? LocalDateTime.now(clock) : null);
        if (f.nothing()) {
            return new PageResult<>(List.of(), 0, page.page(), page.size());
        }
        long total = workItems.countList(f);
        List<TaskRow> rows = workItems.findList(f, page.offset(), page.size());
        List<TaskView> items = views(rows);
        return new PageResult<>(items, total, page.page(), page.size());
    }

    /**
     * 已办: the steps the user completed, newest first, each with the case's stage now. Paged by offset, or by keyset
     * after the cursor {@code after} (the {@code next} of the previous page), which stays fast however deep one pages.
     */
    @Transactional(readOnly = true)
    public DonePage done(String after, PageRequest page, CurrentUser user) {
        Long afterMs = null;
        String afterId = null;
        if (after != null && !after.isBlank()) {
            int dash = after.indexOf('~');
            try {
                afterMs = Long.parseLong(after.substring(0, dash));
                afterId = after.substring(dash + 1);
            } catch (RuntimeException e) {
                throw ApiException.badRequest("after 不是有效的翻页标记 (after is not a cursor of this list)",
                        List.of(new FieldError(null, "after", after, "无效的翻页标记")));
            }
        }
        List<WorkItemRow> rows = workItems.findDone(user.id(), afterMs, afterId, afterMs == null ? page.offset() : 0, page.size());
        long total = workItems.countDone(user.id());
        List<TaskView> items = rows.stream().map(w -> new TaskView(w.taskId, w.taskName, w.taskKey, w.processKey, w.caseNo, w.caseNo,
                w.householdId, w.townshipName, w.townshipCode, w.villageName, w.headName, w.stage,
                w.stage == null ? null : Stage.valueOf(w.stage).label(), w.completedBy, null, w.createdAt, w.dueAt,
                w.dueAt != null && w.completedAt != null && w.dueAt.isBefore(w.completedAt), w.urgeCount, w.completedAt, w.caseStage,
                w.caseStage == null ? null : Stage.valueOf(w.caseStage).label())).toList();
        String next = rows.size() < page.size() ? null : rows.get(rows.size() - 1).completedMs + "~" + rows.get(rows.size() - 1).taskId;
        return new DonePage(items, total, page.page(), page.size(), next);
    }

    /** A page of 已办: {@code next} is the cursor of the following page ({@code after}), null on the last. */
    public record DonePage(List<TaskView> items, long total, int page, int size, String next) {
    }

    @Transactional(readOnly = true)
    public TaskForm form(String taskId, CurrentUser user) {
        Task task = workable(taskId, user, false);
        FormSpec spec = forms.get(formId(task));
        Map<String, Object> vars = tasks.getVariables(taskId, spec.fields().stream().map(FormField::name).toList());
        List<FormField> fields = spec.fields().stream().map(f -> {
            Object v = vars.get(f.name());
            return v != null ? f.withDefault(v) : f;
        }).toList();
        return new TaskForm(task.getId(), task.getName(), spec.id(), businessKey(task), fields);
    }

    /**
     * Completes a task with the submitted fields: unknown fields, missing required ones and wrong values are a 400
     * listing them all; the step's own rules are checked inside the engine (also a 400). A task held by someone
     * else is a 409, and so is one already completed.
     * <p>
     * One engine command does it all: the task, its candidate groups and its variables are read once into the
     * command's entity cache and shared with the checks, the proposed values, the assignment, the completion and
     * every listener the completion fires. Values a step records in the domain tables and the process does not read
     * later are handed over as transient variables ({@link CompletionValues}): the listeners see them, the engine
     * neither stores nor historizes them.
     */
    @Transactional
    public void complete(String taskId, Map<String, Object> body, CurrentUser user) {
        // people completing one step at once (two nodes, a double click) take turns on the task's row: the first one
        // completes it, the others then find it gone (409) instead of running the process on from a state the first
        // one has already changed (an engine error about a missing variable, a 500)
        if (jdbc.queryForList("SELECT ID_ FROM ACT_RU_TASK WHERE ID_ = ? FOR UPDATE", String.class, taskId).isEmpty()) {
            throw missing(taskId);
        }
        commands.execute(context -> {
            TaskEntity task = context.getTaskManager().findTaskById(taskId);
            if (task == null) {
                throw missing(taskId);
            }
            List<String> candidates = candidateGroups(task);
            checkVisible(task, candidates, user);
            checkWorkable(task, candidates, user, true);
            task.initializeFormKey();
            FormSpec spec = forms.get(formId(task));
            Map<String, Object> submitted = new LinkedHashMap<>(body == null ? Map.of() : body);
            // "comment" and "decision" are always accepted (the contract's envelope); empty ones of forms without them are ignored
            for (String optional : List.of("comment", "decision")) {
                if (spec.field(optional).isEmpty() && (submitted.get(optional) == null || optional.equals("comment"))) {
                    submitted.remove(optional);
                }
            }
            // a field left out keeps what the step proposes (the tranche due, the assessed subsidy, the recorded mode):
            // completing with every default moves the case forward, as the contract promises
            for (FormField f : spec.fields()) {
                if (!submitted.containsKey(f.name())) {
                    Object proposed = task.getVariable(f.name());
                    if (proposed != null) {
                        submitted.put(f.name(), proposed);
                    }
                }
            }
            List<FieldError> errors = new ArrayList<>();
            Map<String, Object> values = spec.coerce(submitted, LocalDate.now(clock), errors);
            if (!errors.isEmpty()) {
                throw ApiException.badRequest("表单有" + errors.size() + "处问题,任务未办理 (missing or invalid fields: "
                        + String.join(", ", errors.stream().map(FieldError::field).toList()) + ")", errors);
            }
            String processKey = task.getProcessDefinitionId() == null ? null : task.getProcessDefinitionId().split(":")[0];
            VariableMap variables = Variables.createVariables();
            values.forEach((name, value) -> {
                boolean kept = task.hasVariable(name) || completionValues.stream().noneMatch(c -> c.isTransient(processKey, name));
                variables.putValueTyped(name, Variables.untypedValue(value, !kept));
            });
            // the engine's own commands, run in this one: they find the task in the entity cache
            if (task.getAssignee() == null) {
                new AssignTaskCmd(taskId, user.id()).execute(context);
            }
            // set on the task, as Tasklist's form submission does: a value the step proposed as a task variable
            // (the tranche's amount, the assessed subsidy) is then replaced by what was submitted, not left to shadow it
            new SetTaskVariablesCmd(taskId, variables, false).execute(context);
            new CompleteTaskCmd(taskId, null).execute(context);
            return null;
        });
    }

    @Transactional
    public void claim(String taskId, CurrentUser user) {
        Task task = workable(taskId, user, true);
        if (task.getAssignee() == null) {
            tasks.setAssignee(taskId, user.id());
        }
    }

    @Transactional
    public void unclaim(String taskId, CurrentUser user) {
        Task task = visibleTask(taskId, user);
        if (task.getAssignee() == null) {
            return;
        }
        if (!task.getAssignee().equals(user.id()) && !supervises(task, user)) {
            throw ApiException.forbidden("只有任务办理人或其上级可以退回认领 (only the holder or a supervisor may release the task)");
        }
        tasks.setAssignee(taskId, null);
    }

    @Transactional
    public void assign(String taskId, String userId, CurrentUser user) {
        Task task = visibleTask(taskId, user);
        if (!supervises(task, user)) {
            throw ApiException.forbidden("只有乡镇分管领导(本乡镇任务)、县局经办人或管理员可以指派任务 (not allowed to assign)");
        }
        if (userId == null || userId.isBlank()) {
            throw ApiException.badRequest("须指定 userId (userId is required)", List.of(FieldError.of("userId", "必填 (required)")));
        }
        List<String> groups = candidateGroups(task.getId());
        CurrentUser target = accounts.load(userId).orElseThrow(() -> ApiException.badRequest("没有用户 " + userId + " (no such user)"));
        if (target.groups().stream().noneMatch(groups::contains)) {
            throw ApiException.badRequest(userId + "不属于该任务的办理组 " + groups + " (the user is not a candidate of this task)",
                    List.of(new FieldError(null, "userId", userId, "不是该任务的候选办理人")));
        }
        tasks.setAssignee(taskId, userId);
    }

    /**
     * 待办 for the pages: what the user can do (like {@code scope=todo}), filtered also by village, one page after the
     * cursor {@code after} (the previous page's {@link TodoPage#next}), which stays fast however deep one pages.
     */
    @Transactional(readOnly = true)
    public TodoPage todo(String township, Long villageId, String stage, boolean overdue, String after, int size, CurrentUser user) {
        String townshipCode = township == null || township.isBlank() ? null : townships.require(township).code();
        if (!user.isCountyWide() && townshipCode != null && !townshipCode.equals(ownTownship(user).code())) {
            return new TodoPage(List.of(), 0, null);
        }
        String stageCode = stageCode(stage);
        TaskFilter f = new TaskFilter("all", false, user.id(), user.groups(), null, townshipCode, stageCode,
                overdue ? LocalDateTime.now(clock) : null, villageId, null);
        TaskFilter page = new TaskFilter(f.scope(), false, f.userId(), f.groups(), null, townshipCode, stageCode, f.overdueBefore(),
                villageId, TodoCursor.parse(after));
        List<TaskRow> rows = workItems.findList(page, 0, size);
        String next = rows.size() < size ? null : TodoCursor.of(rows.get(rows.size() - 1));
        return new TodoPage(views(rows), workItems.countList(f), next);
    }

    /** A page of 待办: {@code next} is the cursor of the following page, null on the last. */
    public record TodoPage(List<TaskView> items, long total, String next) {
    }

    /** The stage a filter names (its code or label), or null for none; an unknown one is a 400. */
    private static String stageCode(String stage) {
        return stage == null || stage.isBlank() ? null
                : Coded.lookup(Stage.class, stage).orElseThrow(() -> ApiException.badRequest("未知阶段 " + stage)).name();
    }

    private List<TaskView> views(List<TaskRow> rows) {
        Map<String, List<String>> candidates = new HashMap<>();
        if (!rows.isEmpty()) {
            workItems.findCandidates(rows.stream().map(r -> r.id).toList()).forEach(c -> {
                if (c.groupId != null) {
                    candidates.computeIfAbsent(c.taskId, k -> new ArrayList<>()).add(c.groupId);
                }
            });
        }
        LocalDateTime now = LocalDateTime.now(clock);
        List<TaskView> items = rows.stream().map(r -> new TaskView(r.id, r.name, r.taskKey, r.processKey, r.businessKey, r.caseNo,
                r.householdId, r.townshipName, r.townshipCode, r.villageName, r.headName, r.stage,
                r.stage == null ? null : Stage.valueOf(r.stage).label(), r.assignee, candidates.getOrDefault(r.id, List.of()),
                r.created, r.due, r.due != null && r.due.isBefore(now), r.urgeCount, null, null, null)).toList();
        return items;
    }

    /** Open and overdue tasks of each member of a township's task force and reviewers. */
    @Transactional(readOnly = true)
    public Workload workload(String township, CurrentUser user) {
        Township t = workloadTownship(township, user);
        List<String> groups = List.of(Groups.taskForce(t.slug()), Groups.townshipLead(t.slug()));
        Map<String, WorkloadRow> byAssignee = new HashMap<>();
        WorkloadRow unassigned = new WorkloadRow();
        for (WorkloadRow r : workItems.workload(groups, LocalDateTime.now(clock))) {
            if (r.assignee == null) {
                unassigned = r;
            } else {
                byAssignee.put(r.assignee, r);
            }
        }
        List<Workload.Member> members = new ArrayList<>();
        Set<String> listed = new HashSet<>();
        for (String g : groups) {
            String role = g.startsWith(Groups.TASK_FORCE_PREFIX) ? Role.TASK_FORCE.label() : Role.TOWNSHIP_LEAD.label();
            for (String m : accounts.membersOf(g)) {
                if (listed.add(m)) {
                    WorkloadRow r = byAssignee.getOrDefault(m, new WorkloadRow());
                    members.add(new Workload.Member(m, accounts.displayName(m).orElse(m), role, r.open, r.overdue));
                }
            }
        }
        return new Workload(t.code(), t.name(), members, unassigned.open, unassigned.overdue);
    }

    /** Moves every open task a member holds in a township to another member of the same group; returns how many. */
    @Transactional
    public int reassign(String township, String from, String to, CurrentUser user) {
        Township t = workloadTownship(township, user);
        if (from == null || to == null || from.equals(to)) {
            throw ApiException.badRequest("须指定不同的 from 和 to (from and to are required and must differ)");
        }
        CurrentUser target = accounts.load(to).orElseThrow(() -> ApiException.badRequest("没有用户 " + to + " (no such user)"));
        List<String> groups = List.of(Groups.taskForce(t.slug()), Groups.townshipLead(t.slug()));
        int moved = 0;
        for (Task task : tasks.createTaskQuery().taskAssignee(from).list()) {
            List<String> candidates = candidateGroups(task.getId());
            if (candidates.stream().noneMatch(groups::contains)) {
                continue;
            }
            if (target.groups().stream().noneMatch(candidates::contains)) {
                throw ApiException.badRequest(to + "不是任务“" + task.getName() + "”的候选办理人 (the user cannot take this task)",
                        List.of(new FieldError(null, "to", to, "不属于该任务的办理组")));
            }
            tasks.setAssignee(task.getId(), to);
            moved++;
        }
        return moved;
    }

    // ---- access (also for the step operations) ----

    /** The open task if the user may see it: 404 for another township's or one they have nothing to do with, 409 when done. */
    public Task visibleTask(String taskId, CurrentUser user) {
        Task task = tasks.createTaskQuery().taskId(taskId).initializeFormKeys().singleResult();
        if (task == null) {
            throw missing(taskId);
        }
        if (!seesEverything(user) && !user.id().equals(task.getAssignee())) {
            checkVisible(task, candidateGroups(taskId), user);
        }
        return task;
    }

    /** The task, if the user may do it: a candidate when nobody holds it, or its holder. */
    public Task workable(String taskId, CurrentUser user, boolean forWriting) {
        Task task = visibleTask(taskId, user);
        if (user.id().equals(task.getAssignee())) {
            return task;
        }
        checkWorkable(task, user.has(Role.ADMIN) ? List.of() : candidateGroups(taskId), user, forWriting);
        return task;
    }

    private ApiException missing(String taskId) {
        if (historyService.createHistoricTaskInstanceQuery().taskId(taskId).finished().count() > 0) {
            return ApiException.conflict("任务已办结 (the task has already been completed)");
        }
        return ApiException.notFound("没有这个任务 (no such task)");
    }

    private static void checkVisible(Task task, List<String> candidates, CurrentUser user) {
        if (seesEverything(user) || user.id().equals(task.getAssignee())) {
            return;
        }
        boolean candidate = candidates.stream().anyMatch(user.groups()::contains);
        boolean supervised = supervisedGroup(user) != null && candidates.contains(supervisedGroup(user));
        if (!candidate && !supervised) {
            throw ApiException.notFound("没有这个任务 (no such task)");
        }
    }

    private static void checkWorkable(Task task, List<String> candidates, CurrentUser user, boolean forWriting) {
        if (user.id().equals(task.getAssignee())) {
            return;
        }
        boolean candidate = user.has(Role.ADMIN) || candidates.stream().anyMatch(user.groups()::contains);
        if (!candidate) {
            throw ApiException.forbidden("该任务不由您的岗位办理 (this task is not yours to do)");
        }
        if (forWriting && task.getAssignee() != null) {
            throw ApiException.conflict("该任务已由 " + task.getAssignee() + " 认领办理 (someone else holds this task)");
        }
    }

    /** Admin, officer, or the township reviewer of the task's township group. */
    public boolean supervises(Task task, CurrentUser user) {
        if (user.hasAny(Role.ADMIN, Role.OFFICER)) {
            return true;
        }
        String supervised = supervisedGroup(user);
        return supervised != null && candidateGroups(task.getId()).stream()
                .anyMatch(g -> g.equals(supervised) || g.equals(Groups.townshipLead(user.townshipSlug())));
    }

    public List<String> candidateGroups(String taskId) {
        return tasks.getIdentityLinksForTask(taskId).stream()
                .filter(l -> IdentityLinkType.CANDIDATE.equals(l.getType()) && l.getGroupId() != null)
                .map(IdentityLink::getGroupId).toList();
    }

    /** The candidate groups of a task inside a command: its identity links are read once and stay in the entity. */
    private static List<String> candidateGroups(TaskEntity task) {
        return task.getIdentityLinks().stream()
                .filter(l -> IdentityLinkType.CANDIDATE.equals(l.getType()) && l.getGroupId() != null)
                .map(IdentityLink::getGroupId).toList();
    }

    private static boolean seesEverything(CurrentUser user) {
        return user.hasAny(Role.ADMIN, Role.OFFICER);
    }

    /** A township reviewer supervises their township's task force. */
    private static String supervisedGroup(CurrentUser user) {
        return user.has(Role.TOWNSHIP_LEAD) && user.townshipSlug() != null ? Groups.taskForce(user.townshipSlug()) : null;
    }

    private Township ownTownship(CurrentUser user) {
        return townships.find(user.townshipSlug()).orElseThrow();
    }

    private Township workloadTownship(String township, CurrentUser user) {
        if (user.has(Role.TOWNSHIP_LEAD)) {
            Township own = ownTownship(user);
            if (township != null && !township.isBlank() && !townships.require(township).code().equals(own.code())) {
                throw ApiException.notFound("没有该乡镇的工作量 (no such township)");
            }
            return own;
        }
        if (!user.hasAny(Role.OFFICER, Role.ADMIN)) {
            throw ApiException.forbidden("工作量仅限乡镇分管领导和县局经办人查看 (workload is for township reviewers and the officer)");
        }
        if (township == null || township.isBlank()) {
            throw ApiException.badRequest("须指定乡镇 township (township is required)");
        }
        return townships.require(township);
    }

    private static String formId(Task task) {
        if (task.getCamundaFormRef() != null) {
            return task.getCamundaFormRef().getKey();
        }
        throw ApiException.conflict("该任务没有表单 (the task has no form)");
    }

    private String businessKey(Task task) {
        return historyService.createHistoricProcessInstanceQuery().processInstanceId(task.getProcessInstanceId()).singleResult()
                .getBusinessKey();
    }

    static LocalDateTime local(Date d) {
        return d == null ? null : LocalDateTime.ofInstant(d.toInstant(), TimeConfig.COUNTY_ZONE);
    }
}
