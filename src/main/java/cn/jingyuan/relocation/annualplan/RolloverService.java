package cn.jingyuan.relocation.annualplan;

import static cn.jingyuan.relocation.annualplan.process.AnnualPlanProcess.*;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.RuntimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.jingyuan.relocation.annualplan.internal.OpenCaseRow;
import cn.jingyuan.relocation.annualplan.internal.PlanMapper;
import cn.jingyuan.relocation.annualplan.internal.PlanRow;
import cn.jingyuan.relocation.annualplan.internal.RolloverMapper;
import cn.jingyuan.relocation.annualplan.internal.RolloverRow;
import cn.jingyuan.relocation.household.HouseholdService;
import cn.jingyuan.relocation.household.Stage;
import cn.jingyuan.relocation.household.TownshipDirectory;
import cn.jingyuan.relocation.relocationcase.CaseEventType;
import cn.jingyuan.relocation.relocationcase.CaseHistory;
import cn.jingyuan.relocation.relocationcase.internal.CaseEventRow;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.security.Role;
import cn.jingyuan.relocation.shared.ApiException;

/**
 * The rollover (结转) of a year's unfinished cases into the next year. The officer previews and proposes it, the
 * deputy county head confirms it (a task of the year's {@code AnnualPlanProcess}), and then, asynchronously, the
 * year's statistics are frozen and every open case gets the next plan year and a carry-over record — its case
 * number, history and process instance stay as they are. It works in chunks, each its own transaction, and only
 * moves cases still in the old year: a rollover that failed half-way finishes the rest when run again, and a
 * second rollover changes nothing.
 */
@Service
public class RolloverService {

    private static final Logger log = LoggerFactory.getLogger(RolloverService.class);
    static final int CHUNK = 500;
    static final int PREVIEW_LIMIT = 5000;

    private final RolloverMapper rollovers;
    private final PlanMapper plans;
    private final PlanService planService;
    private final StatisticsService statistics;
    private final HouseholdService households;
    private final CaseHistory history;
    private final TownshipDirectory townships;
    private final RuntimeService runtime;
    private final ObjectMapper json;
    private final TransactionTemplate chunkTx;
    private final Clock clock;

    RolloverService(RolloverMapper rollovers, PlanMapper plans, PlanService planService, StatisticsService statistics,
                    HouseholdService households, CaseHistory history, TownshipDirectory townships, RuntimeService runtime,
                    ObjectMapper json, PlatformTransactionManager transactions, Clock clock) {
        this.rollovers = rollovers;
        this.plans = plans;
        this.planService = planService;
        this.statistics = statistics;
        this.households = households;
        this.history = history;
        this.townships = townships;
        this.runtime = runtime;
        this.json = json;
        this.chunkTx = new TransactionTemplate(transactions);
        this.chunkTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /** Which open cases of {@code year} would move to {@code year + 1}, with totals; changes nothing. */
    @Transactional(readOnly = true)
    public RolloverView preview(int year, CurrentUser user) {
        requireCounty(user);
        List<OpenCaseRow> open = openCases(year, Integer.MAX_VALUE);
        return view(null, year, "PREVIEW", true, open, null, null);
    }

    /**
     * Proposes the rollover of {@code year}: the next year must have an approved plan, and nothing may be pending.
     * When nothing is open, nothing happens. The deputy county head confirms it as a task.
     */
    @Transactional
    public RolloverView propose(int year, String reason, CurrentUser user) {
        if (!user.hasAny(Role.OFFICER, Role.ADMIN)) {
            throw ApiException.forbidden("年度结转由县自然资源局经办人提出 (the county officer proposes the rollover)");
        }
        PlanRow plan = planService.require(year);
        if (!planService.isApproved(year + 1)) {
            throw ApiException.conflict((year + 1) + "年度还没有经批准的搬迁计划,不能结转:请先编制并报批" + (year + 1)
                    + "年度计划 (the next year has no approved plan: rollover refused)");
        }
        for (RolloverRow r : rollovers.findByYear(year)) {
            if ("PROPOSED".equals(r.status) || "CONFIRMED".equals(r.status)) {
                throw ApiException.conflict(year + "年度结转已提出,正在办理中(编号" + r.id + ") (a rollover is already under way)");
            }
        }
        List<OpenCaseRow> open = openCases(year, Integer.MAX_VALUE);
        if (open.isEmpty()) {
            return view(null, year, "NOTHING_TO_CARRY", false, open, year + "年度没有未办结的案件,无需结转 (nothing to carry over)", null);
        }
        if (runtime.createExecutionQuery().processInstanceId(plan.processInstanceId).activityId(RECEIVE_TASK_AWAIT_ROLLOVER).count() == 0) {
            throw ApiException.conflict(year + "年度计划尚未生效或已办结,不能提出结转 (the plan is not in force)");
        }
        RolloverRow r = new RolloverRow();
        r.fromYear = year;
        r.toYear = year + 1;
        r.status = "PROPOSED";
        r.households = open.size();
        r.people = open.stream().mapToInt(o -> o.people).sum();
        r.reason = reason == null || reason.isBlank() ? year + "年度未办结案件结转至" + (year + 1) + "年度继续办理" : reason.strip();
        r.proposedBy = user.id();
        r.proposedAt = LocalDateTime.now(clock);
        rollovers.insert(r);
        runtime.createMessageCorrelation(MESSAGE_ROLLOVER_PROPOSED).processInstanceId(plan.processInstanceId)
                .setVariable(VAR_ROLLOVER_ID, r.id).correlate();
        return view(r, year, r.status, false, open, "已提交分管副县长确认 (sent to the deputy county head for confirmation)", null);
    }

    /** The deputy's decision on a proposed rollover (from the confirmation task). */
    @Transactional
    public void decided(long rolloverId, boolean confirmed, String actor) {
        int n = rollovers.updateStatus(rolloverId, confirmed ? "CONFIRMED" : "REJECTED", "PROPOSED", actor, LocalDateTime.now(clock), null);
        if (n != 1) {
            throw ApiException.conflict("结转" + rolloverId + "不在待确认状态 (the rollover is not waiting for confirmation)");
        }
    }

    /**
     * Carries the confirmed rollover out: freezes the closing year's statistics (once), then moves the open cases
     * chunk by chunk, each chunk in its own transaction. Safe to run again after a failure.
     */
    public int execute(long rolloverId) {
        RolloverRow r = rollovers.find(rolloverId);
        if ("DONE".equals(r.status)) {
            return 0;
        }
        if (!"CONFIRMED".equals(r.status)) {
            throw new IllegalStateException("rollover " + rolloverId + " is " + r.status + ", not CONFIRMED");
        }
        if (!planService.isApproved(r.toYear)) {
            throw ApiException.conflict(r.toYear + "年度没有经批准的计划,结转中止 (the next year has no approved plan)");
        }
        chunkTx.executeWithoutResult(s -> freeze(r));
        int carried = 0;
        long after = 0;
        while (true) {
            List<OpenCaseRow> chunk = rollovers.openCases(r.fromYear, after, CHUNK);
            if (chunk.isEmpty()) {
                break;
            }
            Integer moved = chunkTx.execute(s -> carry(r, chunk));
            carried += moved == null ? 0 : moved;
            after = chunk.get(chunk.size() - 1).id;
        }
        chunkTx.executeWithoutResult(s -> {
            rollovers.updateStatus(r.id, "DONE", "CONFIRMED", null, null, LocalDateTime.now(clock));
            plans.updateStatus(r.fromYear, PlanStatus.CLOSED.name(), null, null);
        });
        log.info("rollover {}: {} cases carried from {} to {}", r.id, carried, r.fromYear, r.toYear);
        return carried;
    }

    private void freeze(RolloverRow r) {
        if (plans.findSnapshot(r.fromYear) != null) {
            return;
        }
        Statistics live = statistics.live(r.fromYear);
        // at the close the open cases become carried out: the year shows them once, as carried out, not also as open
        Statistics frozen = new Statistics(live.year(), true, LocalDateTime.now(clock), live.target(), live.planned(), live.carriedIn(),
                live.movedIn(), live.movedInToDate(), live.demolished(), live.accepted(), live.archived(), live.carriedOut().plus(live.open()),
                Counter.ZERO, live.subsidyPaid(), live.byStage(), live.byTownship().stream().map(t -> new Statistics.TownshipFigures(t.code(),
                        t.name(), t.target(), t.planned(), t.carriedIn(), t.movedIn(), t.movedInToDate(), t.demolished(), t.accepted(),
                        t.archived(), t.carriedOut().plus(t.open()), Counter.ZERO, t.subsidyPaid())).toList(), live.byMode());
        try {
            plans.insertSnapshot(r.fromYear, frozen.frozenAt(), json.writeValueAsString(frozen));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private int carry(RolloverRow r, List<OpenCaseRow> chunk) {
        List<Long> ids = chunk.stream().map(c -> c.id).toList();
        LocalDateTime now = LocalDateTime.now(clock);
        String by = r.confirmedBy == null ? "system" : r.confirmedBy;
        rollovers.insertCarryOvers(ids, r.fromYear, r.toYear, r.reason, r.id, by, now);
        int moved = households.movePlanYear(ids, r.fromYear, r.toYear);
        List<CaseEventRow> events = new ArrayList<>(chunk.size());
        for (OpenCaseRow c : chunk) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("fromYear", r.fromYear);
            details.put("toYear", r.toYear);
            details.put("stageAtRollover", c.stage);
            details.put("rolloverId", r.id);
            events.add(history.row(c.id, c.caseNo, CaseEventType.CARRIED_OVER, Stage.valueOf(c.stage), null, null, null, by, null,
                    r.reason, details, now));
        }
        history.recordAll(events);
        return moved;
    }

    private List<OpenCaseRow> openCases(int year, int limit) {
        List<OpenCaseRow> out = new ArrayList<>();
        long after = 0;
        while (out.size() < limit) {
            List<OpenCaseRow> chunk = rollovers.openCases(year, after, CHUNK * 4);
            if (chunk.isEmpty()) {
                break;
            }
            out.addAll(chunk);
            after = chunk.get(chunk.size() - 1).id;
        }
        return out;
    }

    private RolloverView view(RolloverRow r, int year, String status, boolean dryRun, List<OpenCaseRow> open, String message, Integer carried) {
        Counter notMovedIn = Counter.ZERO;
        Counter movedInNotClosed = Counter.ZERO;
        Map<String, Counter> byStage = new LinkedHashMap<>();
        List<RolloverView.CaseLine> lines = new ArrayList<>();
        for (OpenCaseRow c : open) {
            if (c.movedInDate == null) {
                notMovedIn = notMovedIn.plus(1, c.people);
            } else {
                movedInNotClosed = movedInNotClosed.plus(1, c.people);
            }
            byStage.merge(c.stage, new Counter(1, c.people), Counter::plus);
            if (lines.size() < PREVIEW_LIMIT) {
                lines.add(new RolloverView.CaseLine(c.caseNo, townships.byCode(c.townshipCode).name(), c.villageName, c.headName, c.people,
                        c.stage, Stage.valueOf(c.stage).label()));
            }
        }
        int people = open.stream().mapToInt(c -> c.people).sum();
        return new RolloverView(r == null ? null : r.id, year, year + 1, status, dryRun, open.size(), people, notMovedIn,
                movedInNotClosed, byStage, planService.isApproved(year + 1), r == null ? null : r.proposedBy,
                r == null ? null : r.proposedAt, null, null, null, carried, message, lines);
    }

    private static void requireCounty(CurrentUser user) {
        if (!user.isCountyWide()) {
            throw ApiException.forbidden("年度结转由县级岗位办理 (the rollover is handled by county roles)");
        }
    }
}
