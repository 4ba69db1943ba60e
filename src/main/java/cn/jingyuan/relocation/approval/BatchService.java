package cn.jingyuan.relocation.approval;

import static cn.jingyuan.relocation.approval.process.BatchApprovalProcess.*;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import cn.jingyuan.relocation.approval.internal.BatchCaseRow;
import cn.jingyuan.relocation.approval.internal.BatchMapper;
import cn.jingyuan.relocation.approval.internal.BatchRow;
import cn.jingyuan.relocation.approval.internal.DecisionRow;
import cn.jingyuan.relocation.approval.process.BatchTaskListener;
import cn.jingyuan.relocation.household.HouseholdRef;
import cn.jingyuan.relocation.household.HouseholdService;
import cn.jingyuan.relocation.household.ResettlementMode;
import cn.jingyuan.relocation.household.Stage;
import cn.jingyuan.relocation.household.Township;
import cn.jingyuan.relocation.household.TownshipDirectory;
import cn.jingyuan.relocation.relocationcase.RelocationCaseService;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.security.Groups;
import cn.jingyuan.relocation.security.Role;
import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.shared.FieldError;

/**
 * The leaders' batch approval (批次审批). The county officer gathers cases waiting for approval into a batch;
 * the deputy county head decides, and the county head too when the batch is large (the DMN table
 * {@code bpmn/batch-route.dmn}); the final decision sends every case on, asynchronously.
 */
@Service
public class BatchService {

    private final BatchMapper batches;
    private final HouseholdService households;
    private final RelocationCaseService cases;
    private final TownshipDirectory townships;
    private final RuntimeService runtime;
    private final TaskService tasks;
    private final Clock clock;

    BatchService(BatchMapper batches, HouseholdService households, RelocationCaseService cases, TownshipDirectory townships,
                 RuntimeService runtime, TaskService tasks, Clock clock) {
        this.batches = batches;
        this.households = households;
        this.cases = cases;
        this.townships = townships;
        this.runtime = runtime;
        this.tasks = tasks;
        this.clock = clock;
    }

    /** Cases of the year waiting for the leaders' decision and in no undecided batch. */
    @Transactional(readOnly = true)
    public List<BatchView.BatchCase> candidates(int year, CurrentUser user) {
        requireCounty(user);
        List<HouseholdRef> waiting = households.findRefs(year, Stage.AWAITING_BATCH_APPROVAL);
        Set<Long> inBatch = new HashSet<>();
        if (!waiting.isEmpty()) {
            batches.findOpen(waiting.stream().map(HouseholdRef::id).toList()).forEach(c -> inBatch.add(c.householdId));
        }
        List<HouseholdRef> free = waiting.stream().filter(h -> !inBatch.contains(h.id())).toList();
        Map<Long, String> heads = households.headIdsMasked(free.stream().map(HouseholdRef::id).toList());
        return free.stream().map(h -> caseView(h, heads.get(h.id()), null, null)).toList();
    }

    /**
     * Gathers cases into a batch: all of the batch's plan year, all waiting for approval, none in another undecided
     * batch. A 409 names every offending case. The approval process starts right away.
     */
    @Transactional
    public BatchView create(BatchRequest request, CurrentUser user) {
        if (!user.hasAny(Role.OFFICER, Role.ADMIN)) {
            throw ApiException.forbidden("只有县自然资源局经办人可以提交审批批次 (only the county officer assembles batches)");
        }
        List<FieldError> invalid = new ArrayList<>();
        if (request.year() == null) {
            invalid.add(FieldError.of("year", "必填 (required)"));
        }
        if (request.title() == null || request.title().isBlank() || request.title().length() > 200) {
            invalid.add(FieldError.of("title", "批次标题必填,不超过200字 (title is required)"));
        }
        if (request.caseNos() == null || request.caseNos().isEmpty()) {
            invalid.add(FieldError.of("caseNos", "至少选择一个案件 (at least one case)"));
        } else {
            for (int i = 0; i < request.caseNos().size(); i++) {
                if (request.caseNos().get(i) == null || request.caseNos().get(i).isBlank()) {
                    invalid.add(FieldError.of("caseNos[" + i + "]", "案件编号不能为空 (a case number is required)"));
                }
            }
        }
        if (!invalid.isEmpty()) {
            throw ApiException.badRequest("批次信息不完整 (the batch is incomplete)", invalid);
        }
        Set<String> caseNos = new LinkedHashSet<>(request.caseNos().stream().map(String::strip).toList());
        Map<String, HouseholdRef> found = new HashMap<>();
        households.findRefs(caseNos).forEach(h -> found.put(h.caseNo(), h));
        List<FieldError> conflicts = new ArrayList<>();
        for (String c : caseNos) {
            HouseholdRef h = found.get(c);
            if (h == null) {
                conflicts.add(new FieldError(null, "caseNos", c, "没有这个案件 (no such case)"));
            } else if (h.planYear() != request.year()) {
                conflicts.add(new FieldError(null, "caseNos", c, "属于" + h.planYear() + "年度,不是" + request.year() + "年度 (another plan year)"));
            } else if (h.stage() != Stage.AWAITING_BATCH_APPROVAL || !cases.awaitsBatchDecision(h)) {
                conflicts.add(new FieldError(null, "caseNos", c, "当前为“" + h.stage().label() + "”,不在待领导审批阶段 (not waiting for approval)"));
            }
        }
        List<Long> ids = found.values().stream().map(HouseholdRef::id).toList();
        if (!ids.isEmpty()) {
            for (BatchCaseRow open : batches.findOpen(ids)) {
                conflicts.add(new FieldError(null, "caseNos", open.caseNo, "已在未审结的批次" + open.batchId + "中 (already in an undecided batch)"));
            }
        }
        if (!conflicts.isEmpty()) {
            throw new ApiException(org.springframework.http.HttpStatus.CONFLICT, "冲突 (Conflict)", conflicts.size()
                    + "个案件不能列入本批次:" + String.join("、", conflicts.stream().map(FieldError::value).toList()), conflicts);
        }
        BatchRow b = new BatchRow();
        b.planYear = request.year();
        b.title = request.title().strip();
        b.status = BatchStatus.PENDING_DEPUTY.name();
        b.author = user.id();
        b.createdAt = LocalDateTime.now(clock);
        b.households = caseNos.size();
        b.people = found.values().stream().mapToInt(HouseholdRef::people).sum();
        b.totalSubsidy = found.values().stream().map(h -> h.subsidyAmount() == null ? BigDecimal.ZERO : h.subsidyAmount())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        batches.insert(b);
        List<BatchCaseRow> rows = new ArrayList<>();
        for (String c : caseNos) {
            HouseholdRef h = found.get(c);
            BatchCaseRow r = new BatchCaseRow();
            r.batchId = b.id;
            r.householdId = h.id();
            r.caseNo = c;
            r.townshipCode = h.township().code();
            r.people = h.people();
            r.subsidyAmount = h.subsidyAmount();
            r.resettlementMode = h.resettlementMode() == null ? null : h.resettlementMode().name();
            r.outcome = "PENDING";
            r.openHouseholdId = h.id();
            rows.add(r);
        }
        try {
            for (int i = 0; i < rows.size(); i += 500) {
                batches.insertCases(rows.subList(i, Math.min(rows.size(), i + 500)));
            }
        } catch (DuplicateKeyException raced) {
            throw ApiException.conflict("有案件刚被列入另一个批次,请刷新后重试 (a case was just put into another batch)");
        }
        Map<String, Object> vars = new HashMap<>();
        vars.put(VAR_BATCH_ID, b.id);
        vars.put(VAR_HOUSEHOLDS, b.households);
        vars.put(VAR_TOTAL_SUBSIDY, b.totalSubsidy.doubleValue());
        ProcessInstance pi = runtime.startProcessInstanceByKey(PROCESS_ID, businessKey(b.id), vars);
        batches.updateProcessInstance(b.id, pi.getId(), null);
        return view(b.id, user);
    }

    /** The author takes the batch back before the first decision. */
    @Transactional
    public BatchView withdraw(long id, CurrentUser user) {
        BatchRow b = visibleLocked(id, user);
        if (!b.author.equals(user.id()) && !user.has(Role.ADMIN)) {
            throw ApiException.forbidden("只有批次提交人可以撤回 (only the batch's author may withdraw it)");
        }
        if (!BatchStatus.PENDING_DEPUTY.name().equals(b.status) || !batches.findDecisions(id).isEmpty()) {
            throw ApiException.conflict("批次已有审批决定或已结束,不能撤回 (decided already: it cannot be withdrawn)");
        }
        runtime.createMessageCorrelation(MESSAGE_BATCH_WITHDRAWN).processInstanceId(b.processInstanceId).correlate();
        if (batches.updateStatus(id, BatchStatus.WITHDRAWN.name(), null, LocalDateTime.now(clock), b.version) != 1) {
            throw ApiException.conflict("批次刚被他人处理 (the batch changed meanwhile)");
        }
        batches.setOutcome(id, null, "WITHDRAWN", null, true);
        batches.release(id);
        return view(id, user);
    }

    /**
     * A leader's decision. Only the leader whose turn it is may decide (403 for anyone else, the batch's author
     * included, and for whoever decided the first level); the rules themselves are checked by the task listener.
     */
    @Transactional
    public BatchView decide(long id, DecisionRequest request, CurrentUser user) {
        // locked: six leaders' clicks at once (two nodes, a double tap) take turns here, so the first decides and the
        // others see the decided batch (409) instead of meeting a process instance the first one just ended
        BatchRow b = visibleLocked(id, user);
        BatchStatus status = BatchStatus.valueOf(b.status);
        if (!status.isOpen()) {
            throw ApiException.conflict("批次已" + status.label() + ",不能再审批 (the batch is " + status.name() + ")");
        }
        String taskKey = status == BatchStatus.PENDING_DEPUTY ? TASK_DEPUTY_DECISION : TASK_HEAD_DECISION;
        String group = status == BatchStatus.PENDING_DEPUTY ? Groups.DEPUTY : Groups.HEAD;
        if (!user.groups().contains(group)) {
            throw ApiException.forbidden("当前应由" + status.label().replace("待", "").replace("审批", "") + "审批,您无权对本批次作出决定 (not your turn)");
        }
        Task task = tasks.createTaskQuery().processInstanceId(b.processInstanceId).taskDefinitionKey(taskKey).singleResult();
        if (task == null) {
            throw ApiException.conflict("批次的审批任务不存在或已办结 (no open decision task)");
        }
        if (task.getAssignee() != null && !task.getAssignee().equals(user.id())) {
            throw ApiException.conflict("审批任务已由 " + task.getAssignee() + " 认领 (someone else holds the task)");
        }
        List<FieldError> invalid = new ArrayList<>();
        if (request.excludedCaseNos() != null) {
            for (int i = 0; i < request.excludedCaseNos().size(); i++) {
                if (request.excludedCaseNos().get(i) == null || request.excludedCaseNos().get(i).isBlank()) {
                    invalid.add(FieldError.of("excludedCaseNos[" + i + "]", "案件编号不能为空 (a case number is required)"));
                }
            }
        }
        if (request.exclusions() != null) {
            for (int i = 0; i < request.exclusions().size(); i++) {
                DecisionRequest.Exclusion x = request.exclusions().get(i);
                if (x == null || x.caseNo() == null || x.caseNo().isBlank()) {
                    invalid.add(FieldError.of("exclusions[" + i + "].caseNo", "案件编号不能为空 (a case number is required)"));
                } else if (x.opinion() != null && x.opinion().strip().length() > 1000) {
                    invalid.add(FieldError.of("exclusions[" + i + "].opinion", "意见不能超过1000字 (at most 1000 characters)"));
                }
            }
        }
        if (request.comment() != null && request.comment().strip().length() > 1000) {
            invalid.add(FieldError.of("comment", "意见不能超过1000字 (at most 1000 characters)"));
        }
        if (request.documentNo() != null && request.documentNo().strip().length() > 100) {
            invalid.add(FieldError.of("documentNo", "文号不能超过100字 (at most 100 characters)"));
        }
        if (!invalid.isEmpty()) {
            throw ApiException.badRequest("审批意见有误 (invalid decision: " + String.join(", ", invalid.stream().map(FieldError::field).toList()) + ")",
                    invalid);
        }
        Set<String> excluded = new LinkedHashSet<>();
        if (request.excludedCaseNos() != null) {
            request.excludedCaseNos().forEach(c -> excluded.add(c.strip()));
        }
        Map<String, String> ownOpinions = new LinkedHashMap<>();
        if (request.exclusions() != null) {
            for (DecisionRequest.Exclusion x : request.exclusions()) {
                excluded.add(x.caseNo().strip());
                if (x.opinion() != null && !x.opinion().isBlank()) {
                    ownOpinions.put(x.caseNo().strip(), x.opinion().strip());
                }
            }
        }
        String decision = request.decision() == null ? null : request.decision().strip().toUpperCase();
        if ("APPROVE_WITH_EXCLUSIONS".equals(decision)) {
            decision = APPROVE;
        }
        Map<String, Object> vars = new HashMap<>();
        vars.put(VAR_DECISION, decision);
        vars.put(VAR_COMMENT, request.comment());
        vars.put(VAR_DOCUMENT_NO, request.documentNo());
        vars.put(VAR_EXCLUDED_CASE_NOS, String.join(",", excluded));
        if (task.getAssignee() == null) {
            tasks.setAssignee(task.getId(), user.id());
        }
        tasks.complete(task.getId(), vars);
        ownOpinions.forEach((caseNo, opinion) -> batches.setOutcome(id, List.of(caseNo), "EXCLUDED", opinion, false));
        return view(id, user);
    }

    @Transactional(readOnly = true)
    public BatchView view(long id, CurrentUser user) {
        BatchRow b = visible(id, user);
        List<BatchCaseRow> rows = batches.findCases(id);
        Map<String, HouseholdRef> refs = new HashMap<>();
        households.findRefs(rows.stream().map(r -> r.caseNo).toList()).forEach(h -> refs.put(h.caseNo(), h));
        Map<Long, String> heads = households.headIdsMasked(rows.stream().map(r -> r.householdId).toList());
        Map<String, int[]> byTownship = new LinkedHashMap<>();
        Map<String, int[]> byMode = new LinkedHashMap<>();
        List<BatchView.BatchCase> list = new ArrayList<>();
        int advanced = 0;
        int toMove = 0;
        for (BatchCaseRow r : rows) {
            HouseholdRef h = refs.get(r.caseNo);
            list.add(caseView(h, heads.get(r.householdId), r.outcome, r.opinion));
            int[] t = byTownship.computeIfAbsent(r.townshipCode, k -> new int[2]);
            t[0]++;
            t[1] += r.people;
            int[] m = byMode.computeIfAbsent(r.resettlementMode == null ? "UNDECIDED" : r.resettlementMode, k -> new int[2]);
            m[0]++;
            m[1] += r.people;
            if (!BatchStatus.valueOf(b.status).isOpen() && !"WITHDRAWN".equals(r.outcome)) {
                toMove++;
                if (h != null && h.stage() != Stage.AWAITING_BATCH_APPROVAL) {
                    advanced++;
                }
            }
        }
        List<BatchView.TownshipCount> townshipCounts = byTownship.entrySet().stream().map(e -> {
            Township t = townships.byCode(e.getKey());
            return new BatchView.TownshipCount(t.code(), t.name(), e.getValue()[0], e.getValue()[1]);
        }).toList();
        Map<String, BatchView.Count> modeCounts = new LinkedHashMap<>();
        byMode.forEach((k, v) -> modeCounts.put(k, new BatchView.Count(v[0], v[1])));
        List<BatchView.Decision> decisions = batches.findDecisions(id).stream().map(BatchService::decision).toList();
        BatchStatus status = BatchStatus.valueOf(b.status);
        List<String> route = Boolean.TRUE.equals(b.needsHead) ? List.of(BatchTaskListener.DEPUTY, BatchTaskListener.HEAD)
                : b.needsHead == null ? null : List.of(BatchTaskListener.DEPUTY);
        String awaiting = status == BatchStatus.PENDING_DEPUTY ? BatchTaskListener.DEPUTY : status == BatchStatus.PENDING_HEAD ? BatchTaskListener.HEAD : null;
        return new BatchView(b.id, b.planYear, b.title, b.status, status.label(), b.author, b.createdAt, b.households, b.people,
                b.totalSubsidy, b.needsHead, route, awaiting, b.documentNo, b.decidedAt, townshipCounts, modeCounts, list, decisions,
                new BatchView.Progress(advanced, toMove));
    }

    @Transactional(readOnly = true)
    public List<BatchView> list(Integer year, String status, CurrentUser user) {
        requireCounty(user);
        return batches.findByYear(year, status == null || status.isBlank() ? null : status.strip().toUpperCase()).stream()
                .map(b -> summary(b)).toList();
    }

    private BatchView summary(BatchRow b) {
        BatchStatus status = BatchStatus.valueOf(b.status);
        return new BatchView(b.id, b.planYear, b.title, b.status, status.label(), b.author, b.createdAt, b.households, b.people,
                b.totalSubsidy, b.needsHead, null, null, b.documentNo, b.decidedAt, null, null, null,
                batches.findDecisions(b.id).stream().map(BatchService::decision).toList(), null);
    }

    private static BatchView.Decision decision(DecisionRow d) {
        return new BatchView.Decision(d.level, BatchTaskListener.DEPUTY.equals(d.level) ? "分管副县长" : "县长", d.decision, d.decidedBy,
                d.decidedAt, d.comment, d.documentNo, d.excludedCaseNos == null ? List.of() : List.of(d.excludedCaseNos.split(",")));
    }

    private static BatchView.BatchCase caseView(HouseholdRef h, String headId, String outcome, String opinion) {
        ResettlementMode mode = h.resettlementMode();
        return new BatchView.BatchCase(h.caseNo(), h.township().name(), h.villageName(), h.headName(), headId, h.people(),
                mode == null ? null : mode.name(), mode == null ? null : mode.label(), h.subsidyAmount(), outcome, opinion,
                h.stage().name(), h.stage().label());
    }

    private BatchRow visible(long id, CurrentUser user) {
        return visible(id, user, false);
    }

    private BatchRow visibleLocked(long id, CurrentUser user) {
        return visible(id, user, true);
    }

    /** The batch if the user may see it (county roles), its row locked until the transaction ends when asked. */
    private BatchRow visible(long id, CurrentUser user, boolean lock) {
        BatchRow b = !user.isCountyWide() ? null : lock ? batches.findByIdForUpdate(id) : batches.findById(id);
        if (b == null) {
            throw ApiException.notFound("没有编号为 " + id + " 的批次 (no such batch)");
        }
        return b;
    }

    private static void requireCounty(CurrentUser user) {
        if (!user.isCountyWide()) {
            throw ApiException.forbidden("批次审批由县级岗位办理 (batches are handled by county roles)");
        }
    }
}
