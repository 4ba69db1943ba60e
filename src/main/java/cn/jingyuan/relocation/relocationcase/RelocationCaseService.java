package cn.jingyuan.relocation.relocationcase;

import static cn.jingyuan.relocation.relocationcase.process.RelocationCaseProcess.*;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Execution;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.jingyuan.relocation.household.HouseholdRef;
import cn.jingyuan.relocation.household.HouseholdService;
import cn.jingyuan.relocation.household.Stage;
import cn.jingyuan.relocation.relocationcase.internal.CaseEventRow;
import cn.jingyuan.relocation.relocationcase.internal.PaymentMapper;
import cn.jingyuan.relocation.relocationcase.process.AdvanceCasesJob;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.shared.Coded;
import cn.jingyuan.relocation.shared.TimeConfig;
import cn.jingyuan.relocation.shared.FieldError;
import cn.jingyuan.relocation.security.AuditLog;
import cn.jingyuan.relocation.relocationcase.internal.PaymentRow;

/**
 * The relocation case of a household: one process instance of {@code RelocationCaseProcess} with the case number
 * as business key. Opens cases, shows them with their open tasks and history, and takes the events that come
 * from outside a task: objections during the public notice, withdrawal, reopening a declined case, the leaders'
 * batch decision and the annual carry-over.
 */
@Service
public class RelocationCaseService {

    private final HouseholdService households;
    private final RuntimeService runtime;
    private final TaskService tasks;
    private final org.camunda.bpm.engine.ManagementService management;
    private final CaseHistory history;
    private final PaymentMapper payments;
    private final ObjectMapper json;
    private final AuditLog audit;
    private final Clock clock;
    private final org.camunda.bpm.engine.impl.interceptor.CommandExecutor commands;

    RelocationCaseService(HouseholdService households, RuntimeService runtime, TaskService tasks,
                          org.camunda.bpm.engine.ManagementService management, CaseHistory history, PaymentMapper payments,
                          ObjectMapper json, AuditLog audit, Clock clock,
                          org.camunda.bpm.engine.ProcessEngine engine) {
        this.commands = ((org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
                .getCommandExecutorTxRequired();
        this.audit = audit;
        this.households = households;
        this.runtime = runtime;
        this.tasks = tasks;
        this.management = management;
        this.history = history;
        this.payments = payments;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Opens the cases of these households (those not opened yet) in a transaction of its own: it runs after the
     * registration has committed. Their rows stay locked until it commits. Returns how many were opened.
     */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.REQUIRES_NEW)
    public int open(List<Long> householdIds) {
        // the chunk's rows locked first: an opener racing this one over some of them (another import's, the sweep, on
        // any node) waits, then reads them linked and skips them; openers of other households go on beside it
        households.lock(householdIds);
        // the chunk's households in one query, their CASE_OPENED entries in one batched insert
        Map<Long, HouseholdRef> refs = new HashMap<>();
        households.findRefsById(householdIds).forEach(h -> refs.put(h.id(), h));
        String actor = history.actor();
        List<CaseEventRow> opened = new ArrayList<>();
        // the chunk's instances started in one engine command: the engine flushes their rows (executions, tasks,
        // variables, history, identity links, authorizations) once, in JDBC batches per table, instead of a command,
        // a flush and a dozen single-row statements per case
        commands.execute(context -> {
            for (long id : householdIds) {
                HouseholdRef h = refs.get(id);
                if (h == null || h.processInstanceId() != null || h.closed()) {
                    continue;
                }
                ProcessInstance pi = runtime.startProcessInstanceByKey(PROCESS_ID, h.caseNo(), startVariables(h));
                households.linkCase(id, pi.getId());
                opened.add(history.row(h.id(), h.caseNo(), CaseEventType.CASE_OPENED, Stage.IDENTIFIED, null, null, null, actor, null,
                        h.originYear() + "年度" + h.township().name() + h.villageName() + "立案", null, LocalDateTime.now(clock)));
            }
            return null;
        });
        history.recordAll(opened);
        return opened.size();
    }

    /**
     * Opens a case directly at an activity of the process (for cases registered with their past already done,
     * such as the demo story or cases taken over from paper files). The caller records the past in the history.
     */
    @Transactional
    public String openAt(HouseholdRef h, String activityId, Map<String, Object> variables) {
        if (h.processInstanceId() != null) {
            throw ApiException.conflict("案件" + h.caseNo() + "已开启 (the case is open already)");
        }
        Map<String, Object> vars = startVariables(h);
        vars.putAll(variables);
        ProcessInstance pi = runtime.createProcessInstanceByKey(PROCESS_ID).businessKey(h.caseNo()).setVariables(vars)
                .startBeforeActivity(activityId).execute();
        households.linkCase(h.id(), pi.getId());
        return pi.getId();
    }

    /**
     * Moves a case's timer (e.g. the demolition deadline counted from the real move-in date). Inside an engine command
     * (the demo places many cases in one) the timers that command created are not in the database yet: they get the
     * due date they are then inserted with (no user is logged in there, so there is no operation log entry to write).
     */
    @Transactional
    public void rescheduleTimer(String processInstanceId, String activityId, Date due) {
        org.camunda.bpm.engine.impl.interceptor.CommandContext command = org.camunda.bpm.engine.impl.context.Context.getCommandContext();
        if (command != null) {
            // every job is cached under AcquirableJobEntity (asked for by a subclass, the cache returns none of them)
            for (org.camunda.bpm.engine.impl.persistence.entity.AcquirableJobEntity a : command.getDbEntityManager()
                    .getCachedEntitiesByType(org.camunda.bpm.engine.impl.persistence.entity.AcquirableJobEntity.class)) {
                if (a instanceof org.camunda.bpm.engine.impl.persistence.entity.TimerEntity j && processInstanceId.equals(j.getProcessInstanceId())
                        && activityId.equals(j.getActivityId()) && command.getDbEntityManager().getDbEntityCache().isTransient(j)) {
                    j.setDuedate(due);
                }
            }
        }
        management.createJobQuery().processInstanceId(processInstanceId).activityId(activityId).list()
                .forEach(j -> management.setJobDuedate(j.getId(), due));
    }

    /** A payment made outside the finance task (taken over from paper records). */
    @Transactional
    public void recordPayment(long householdId, int trancheNo, String milestone, java.math.BigDecimal amount,
                              java.time.LocalDate paidOn, String voucherNo, String recordedBy, LocalDateTime recordedAt) {
        PaymentRow p = new PaymentRow();
        p.householdId = householdId;
        p.trancheNo = trancheNo;
        p.milestone = milestone;
        p.amount = amount;
        p.paidOn = paidOn;
        p.voucherNo = voucherNo;
        p.recordedBy = recordedBy;
        p.recordedAt = recordedAt;
        payments.insert(p);
        households.paymentRecorded(p.householdId);
    }

    /**
     * The variables a case starts with: its household's id (the work-item listener's link), the township (the
     * benchmark and the copies' notices read it), and what the first form and the gateways read (classification,
     * resettlement mode). The case number is the business key; the plan year and household size live on the row.
     */
    public static Map<String, Object> startVariables(HouseholdRef h) {
        Map<String, Object> vars = new HashMap<>();
        vars.put(VAR_HOUSEHOLD_ID, h.id());
        vars.put(VAR_TOWNSHIP_SLUG, h.township().slug());
        vars.put(VAR_CATEGORY, h.category().name());
        vars.put(VAR_RISK_LEVEL, h.riskLevel().name());
        if (h.resettlementMode() != null) {
            vars.put(VAR_RESETTLEMENT_MODE, h.resettlementMode().name());
        }
        return vars;
    }

    @Transactional(readOnly = true)
    public CaseView view(String caseNo, CurrentUser user) {
        HouseholdRef h = households.visibleRef(caseNo, user);
        return view(h);
    }

    CaseView view(HouseholdRef h) {
        List<CaseView.OpenTask> open = new ArrayList<>();
        if (h.processInstanceId() != null) {
            for (Task t : tasks.createTaskQuery().processInstanceId(h.processInstanceId()).orderByTaskCreateTime().asc().list()) {
                List<String> groups = tasks.getIdentityLinksForTask(t.getId()).stream()
                        .filter(l -> IdentityLinkType.CANDIDATE.equals(l.getType()) && l.getGroupId() != null)
                        .map(IdentityLink::getGroupId).toList();
                LocalDateTime due = t.getDueDate() == null ? null : LocalDateTime.ofInstant(t.getDueDate().toInstant(), TimeConfig.COUNTY_ZONE);
                open.add(new CaseView.OpenTask(t.getId(), t.getName(), t.getTaskDefinitionKey(), t.getAssignee(), groups,
                        LocalDateTime.ofInstant(t.getCreateTime().toInstant(), TimeConfig.COUNTY_ZONE), due,
                        t.getDueDate() != null && t.getDueDate().before(new Date(clock.millis()))));
            }
        }
        List<CaseView.HistoryEntry> entries = history.of(h.id()).stream().map(this::entry).toList();
        List<CaseView.Payment> paid = payments.findByHousehold(h.id()).stream()
                .map(p -> new CaseView.Payment(p.trancheNo, p.milestone, p.amount, p.paidOn, p.voucherNo, p.recordedBy)).toList();
        HouseholdRef fresh = households.findRef(h.id()).orElse(h);
        List<cn.jingyuan.relocation.security.AuditEntry> auditEntries = new ArrayList<>(audit.of("household", String.valueOf(h.id()), 100));
        auditEntries.addAll(audit.of("case", h.caseNo(), 100));
        auditEntries.sort((a, b) -> Long.compare(b.id(), a.id()));
        return new CaseView(h.caseNo(), h.id(), fresh.planYear(), h.originYear(), h.township().code(), h.township().name(),
                h.villageName(), h.headName(), h.people(), fresh.stage().name(), fresh.stage().label(), fresh.closed(),
                fresh.demolitionOverdue(), fresh.subsidyAmount(), open, entries, paid, auditEntries);
    }

    private CaseView.HistoryEntry entry(CaseEventRow r) {
        Object details = null;
        if (r.details != null) {
            try {
                details = json.readValue(r.details, Map.class);
            } catch (JsonProcessingException e) {
                details = r.details;
            }
        }
        String typeLabel = Coded.lookup(CaseEventType.class, r.eventType).map(CaseEventType::label).orElse(r.eventType);
        String stageLabel = r.stage == null ? null : Stage.valueOf(r.stage).label();
        return new CaseView.HistoryEntry(r.eventType, typeLabel, r.stage, stageLabel, r.taskKey, r.taskName, r.actor, r.actorName,
                r.occurredAt, r.decision, r.comment, details);
    }

    /** An objection during the public notice (村级公示): the notice stops and the township reviewer checks it. */
    @Transactional
    public CaseView raiseObjection(String caseNo, String content, String raisedBy, CurrentUser user) {
        HouseholdRef h = lockedRef(caseNo, user);
        if (content == null || content.isBlank()) {
            throw ApiException.badRequest("异议内容不能为空 (the objection's content is required)",
                    List.of(FieldError.of("content", "必填 (required)")));
        }
        if (content.strip().length() > MAX_TEXT) {
            throw ApiException.badRequest("异议内容不能超过" + MAX_TEXT + "字 (content: at most " + MAX_TEXT + " characters)",
                    List.of(FieldError.of("content", "过长 (too long)")));
        }
        if (raisedBy != null && raisedBy.strip().length() > 100) {
            throw ApiException.badRequest("提出人不能超过100字 (raisedBy: at most 100 characters)",
                    List.of(FieldError.of("raisedBy", "过长 (too long)")));
        }
        Execution waiting = waitingAt(h, GATEWAY_NOTICE_PERIOD);
        if (waiting == null) {
            throw ApiException.conflict("案件" + caseNo + "当前不在公示期(" + h.stage().label() + "),不能提出公示异议 (not in the public-notice period)");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        if (raisedBy != null && !raisedBy.isBlank()) {
            details.put("raisedBy", raisedBy.strip());
        }
        history.record(h, CaseEventType.OBJECTION_RAISED, null, content.strip(), details);
        runtime.createMessageCorrelation(MESSAGE_OBJECTION_RAISED).processInstanceBusinessKey(caseNo).correlate();
        return view(h);
    }

    /**
     * The case, its household row locked to the end of the transaction and read after the lock: of two people acting
     * on one case at once (two withdrawals, a withdrawal and an objection), the second waits for the first and then
     * sees the case as the first left it (409), instead of correlating a message the first already consumed (500).
     */
    private HouseholdRef lockedRef(String caseNo, CurrentUser user) {
        households.lock(List.of(households.visibleRef(caseNo, user).id()));
        return households.visibleRef(caseNo, user);
    }

    /** The officer withdraws an open case (撤销) with a reason; it ends at WITHDRAWN. */
    @Transactional
    public CaseView withdraw(String caseNo, String reason, CurrentUser user) {
        HouseholdRef h = lockedRef(caseNo, user);
        requireReason(reason);
        if (h.closed() && h.stage() != Stage.DECLINED) {
            throw ApiException.conflict("案件" + caseNo + "已" + h.stage().label() + ",不能撤销 (the case has ended)");
        }
        if (h.processInstanceId() == null) {
            throw ApiException.conflict("案件" + caseNo + "尚未开启 (the case is not open yet)");
        }
        history.record(h, CaseEventType.WITHDRAWN, null, reason.strip(), null);
        runtime.createMessageCorrelation(MESSAGE_CASE_WITHDRAWN).processInstanceBusinessKey(caseNo).correlate();
        return view(h);
    }

    /** The officer reopens a declined case: the household applies again. */
    @Transactional
    public CaseView reopen(String caseNo, String reason, CurrentUser user) {
        HouseholdRef h = lockedRef(caseNo, user);
        requireReason(reason);
        if (h.stage() != Stage.DECLINED || waitingAt(h, EVENT_AWAIT_REOPEN) == null) {
            throw ApiException.conflict("只有不愿搬迁的案件可以重新开启,案件" + caseNo + "当前为" + h.stage().label() + " (only a declined case can be reopened)");
        }
        history.record(h, CaseEventType.REOPENED, null, reason.strip(), null);
        runtime.createMessageCorrelation(MESSAGE_CASE_REOPENED).processInstanceBusinessKey(caseNo).correlate();
        return view(h);
    }

    /**
     * The leaders' final decision on a batch, applied to its cases: each case's history records it (excluded and
     * rejected cases with the leader's opinion), then the cases advance asynchronously ({@link AdvanceCasesJob}: a
     * few dozen cases per engine job, each case in its own transaction): included ones to the agreement, the others
     * back to county review. A case that fails is retried on its own and then shows as an incident in Cockpit without
     * holding back the others; advancing a case that no longer waits does nothing.
     *
     * @param opinions case number → opinion for every case that is not included; {@code included} go on
     * @param rejected  the cases of a batch rejected as a whole (the others in {@code opinions} were excluded)
     */
    @Transactional
    public void applyBatchDecision(long batchId, String documentNo, String decidedBy, List<String> included, Map<String, String> opinions,
                                   Set<String> rejected) {
        List<String> all = new ArrayList<>(included);
        all.addAll(opinions.keySet());
        Map<String, HouseholdRef> refs = new HashMap<>();
        households.findRefs(all).forEach(r -> refs.put(r.caseNo(), r));
        String actor = decidedBy != null ? decidedBy : history.actor();
        LocalDateTime now = LocalDateTime.now(clock);
        List<CaseEventRow> rows = new ArrayList<>();
        List<String> includedPids = new ArrayList<>();
        List<String> returnedPids = new ArrayList<>();
        for (String caseNo : all) {
            HouseholdRef h = refs.get(caseNo);
            if (h == null || h.processInstanceId() == null || h.stage() != Stage.AWAITING_BATCH_APPROVAL) {
                continue; // withdrawn or moved on meanwhile: nothing to advance
            }
            boolean in = !opinions.containsKey(caseNo);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("batchId", batchId);
            details.put("included", in);
            if (documentNo != null) {
                details.put("documentNo", documentNo);
            }
            details.put("decidedBy", decidedBy);
            rows.add(history.row(h.id(), caseNo, CaseEventType.BATCH_DECISION, h.stage(), null, null, null, actor,
                    in ? APPROVE : rejected.contains(caseNo) ? REJECT : "EXCLUDE", in ? "列入批次" + batchId + "获批" + (documentNo == null ? "" : "(" + documentNo + ")") : opinions.get(caseNo),
                    details, now));
            (in ? includedPids : returnedPids).add(h.processInstanceId());
        }
        history.recordAll(rows);
        correlateAsync(includedPids, true, batchId);
        correlateAsync(returnedPids, false, batchId);
    }

    private void correlateAsync(List<String> processInstanceIds, boolean included, long batchId) {
        if (processInstanceIds.isEmpty()) {
            return;
        }
        commands.execute(context -> {
            AdvanceCasesJob.schedule(context, processInstanceIds, included, batchId);
            return null;
        });
    }

    /** Whether the case waits for the leaders' batch decision. */
    public boolean awaitsBatchDecision(HouseholdRef h) {
        return waitingAt(h, RECEIVE_TASK_AWAIT_BATCH_DECISION) != null;
    }

    private Execution waitingAt(HouseholdRef h, String activityId) {
        if (h.processInstanceId() == null) {
            return null;
        }
        return runtime.createExecutionQuery().processInstanceId(h.processInstanceId()).activityId(activityId).list().stream()
                .findFirst().orElse(null);
    }

    private static void requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw ApiException.badRequest("须填写理由 (a reason is required)", List.of(FieldError.of("reason", "必填 (required)")));
        }
        if (reason.strip().length() > MAX_TEXT) {
            throw ApiException.badRequest("理由不能超过" + MAX_TEXT + "字 (reason: at most " + MAX_TEXT + " characters)",
                    List.of(FieldError.of("reason", "过长 (too long)")));
        }
    }

    /** The longest free text a case event keeps (its comment column). */
    private static final int MAX_TEXT = 2000;
}
