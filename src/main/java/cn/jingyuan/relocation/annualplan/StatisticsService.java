package cn.jingyuan.relocation.annualplan;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.jingyuan.relocation.annualplan.internal.FigureRow;
import cn.jingyuan.relocation.annualplan.internal.MonthRow;
import cn.jingyuan.relocation.annualplan.internal.PaidRow;
import cn.jingyuan.relocation.annualplan.internal.PlanMapper;
import cn.jingyuan.relocation.annualplan.internal.StatisticsMapper;
import cn.jingyuan.relocation.annualplan.internal.TallyMapper;
import cn.jingyuan.relocation.annualplan.internal.TargetRow;
import cn.jingyuan.relocation.household.Stage;
import cn.jingyuan.relocation.household.Township;
import cn.jingyuan.relocation.household.TownshipDirectory;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.shared.ApiException;

/**
 * A plan year's statistics from the counters kept with the cases (case_tally, see {@link CaseTally}), right at any
 * moment and read in a few hundred rows however large the county; a year closed by its rollover answers with its
 * frozen snapshot. Township users get their township's figures only.
 */
@Service
public class StatisticsService {

    private final StatisticsMapper figures;
    private final TallyMapper tally;
    private final PlanMapper plans;
    private final TownshipDirectory townships;
    private final ObjectMapper json;

    StatisticsService(StatisticsMapper figures, TallyMapper tally, PlanMapper plans, TownshipDirectory townships, ObjectMapper json) {
        this.figures = figures;
        this.tally = tally;
        this.plans = plans;
        this.townships = townships;
        this.json = json;
    }

    @Transactional(readOnly = true)
    public Statistics statistics(int year, CurrentUser user) {
        Statistics s = frozen(year).orElseGet(() -> live(year));
        return user.isCountyWide() ? s : onlyTownship(s, townships.find(user.townshipSlug()).orElseThrow());
    }

    java.util.Optional<Statistics> frozen(int year) {
        String snapshot = plans.findSnapshot(year);
        if (snapshot == null) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(json.readValue(snapshot, Statistics.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the frozen statistics of " + year + " cannot be read", e);
        }
    }

    /** The live figures, whether or not the year is frozen (the rollover freezes exactly these). */
    public Statistics live(int year) {
        if (year < 2000 || year > 2100) {
            throw ApiException.badRequest("年度应为4位年份 (the year must have 4 digits)");
        }
        List<FigureRow> rows = tally.figures(year, null);
        Map<String, BigDecimal> paidBy = new HashMap<>();
        for (PaidRow p : tally.paid(year, null)) {
            paidBy.put(p.townshipCode, p.amount);
        }
        Map<String, Counter> targetBy = new HashMap<>();
        for (TargetRow t : plans.findTargets(year)) {
            targetBy.put(t.townshipCode, new Counter(t.households, t.people));
        }
        Acc total = new Acc();
        Map<String, Acc> byTownship = new LinkedHashMap<>();
        Map<String, Counter> byStage = new LinkedHashMap<>();
        Map<String, Counter> byMode = new LinkedHashMap<>();
        for (FigureRow r : rows) {
            total.add(r);
            byTownship.computeIfAbsent(r.townshipCode, k -> new Acc()).add(r);
            byStage.merge(r.stage, new Counter(r.households, r.people), Counter::plus);
            byMode.merge(r.resettlementMode == null ? "UNDECIDED" : r.resettlementMode, new Counter(r.households, r.people), Counter::plus);
        }
        List<Statistics.TownshipFigures> townshipFigures = new ArrayList<>();
        for (Township t : townships.all()) {
            Acc a = byTownship.getOrDefault(t.code(), new Acc());
            Counter target = targetBy.getOrDefault(t.code(), Counter.ZERO);
            if (a.planned.households() + a.carriedIn.households() + target.households() == 0) {
                continue;
            }
            townshipFigures.add(new Statistics.TownshipFigures(t.code(), t.name(), target, a.planned, a.carriedIn, a.movedIn,
                    a.movedInToDate, a.demolished, a.accepted, a.archived, a.carriedOut, a.open, paidBy.getOrDefault(t.code(), BigDecimal.ZERO)));
        }
        Counter target = targetBy.values().stream().reduce(Counter.ZERO, Counter::plus);
        BigDecimal paid = paidBy.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        Map<String, Counter> stages = new LinkedHashMap<>();
        for (Stage st : Stage.values()) {
            if (byStage.containsKey(st.name())) {
                stages.put(st.name(), byStage.get(st.name()));
            }
        }
        return new Statistics(year, false, null, target, total.planned, total.carriedIn, total.movedIn, total.movedInToDate, total.demolished,
                total.accepted, total.archived, total.carriedOut, total.open, paid, stages, townshipFigures, byMode);
    }

    /**
     * Move-ins of the year's cases in each month of the year (index 0 is January), the caller's township only for
     * township roles; the twelve add up to {@link Statistics#movedIn()}.
     */
    @Transactional(readOnly = true)
    public List<Counter> movedInByMonth(int year, CurrentUser user) {
        if (year < 2000 || year > 2100) {
            throw ApiException.badRequest("年度应为4位年份 (the year must have 4 digits)");
        }
        String township = user.isCountyWide() ? null : townships.find(user.townshipSlug()).orElseThrow().code();
        Counter[] months = new Counter[12];
        java.util.Arrays.fill(months, Counter.ZERO);
        for (MonthRow m : figures.movedInByMonth(year, LocalDate.of(year, 1, 1), LocalDate.of(year + 1, 1, 1), township)) {
            months[m.monthNo - 1] = new Counter(m.households, m.people);
        }
        return List.of(months);
    }

    private static Statistics onlyTownship(Statistics s, Township own) {
        Statistics.TownshipFigures f = s.byTownship().stream().filter(t -> t.code().equals(own.code())).findFirst()
                .orElse(new Statistics.TownshipFigures(own.code(), own.name(), Counter.ZERO, Counter.ZERO, Counter.ZERO, Counter.ZERO, Counter.ZERO,
                        Counter.ZERO, Counter.ZERO, Counter.ZERO, Counter.ZERO, Counter.ZERO, BigDecimal.ZERO));
        // stage and mode breakdowns are county-wide figures: a township user gets its own totals only
        return new Statistics(s.year(), s.frozen(), s.frozenAt(), f.target(), f.planned(), f.carriedIn(), f.movedIn(), f.movedInToDate(), f.demolished(),
                f.accepted(), f.archived(), f.carriedOut(), f.open(), f.subsidyPaid(), null, List.of(f), null);
    }

    /** Running totals of the counters. */
    private static final class Acc {
        Counter planned = Counter.ZERO;
        Counter carriedIn = Counter.ZERO;
        Counter movedIn = Counter.ZERO;
        Counter movedInToDate = Counter.ZERO;
        Counter demolished = Counter.ZERO;
        Counter accepted = Counter.ZERO;
        Counter archived = Counter.ZERO;
        Counter carriedOut = Counter.ZERO;
        Counter open = Counter.ZERO;

        void add(FigureRow r) {
            planned = planned.plus(r.plannedH, r.plannedP);
            carriedIn = carriedIn.plus(r.carriedInH, r.carriedInP);
            movedIn = movedIn.plus(r.movedInH, r.movedInP);
            movedInToDate = movedInToDate.plus(r.movedInToDateH, r.movedInToDateP);
            demolished = demolished.plus(r.demolishedH, r.demolishedP);
            accepted = accepted.plus(r.acceptedH, r.acceptedP);
            archived = archived.plus(r.archivedH, r.archivedP);
            carriedOut = carriedOut.plus(r.carriedOutH, r.carriedOutP);
            open = open.plus(r.openH, r.openP);
        }
    }
}
