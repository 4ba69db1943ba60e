package cn.jingyuan.relocation.annualplan;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import cn.jingyuan.relocation.annualplan.internal.FigureRow;
import cn.jingyuan.relocation.annualplan.internal.PaidRow;
import cn.jingyuan.relocation.annualplan.internal.StatisticsMapper;
import cn.jingyuan.relocation.annualplan.internal.TallyMapper;
import cn.jingyuan.relocation.approval.Actors;
import cn.jingyuan.relocation.household.HouseholdService;
import cn.jingyuan.relocation.household.LedgerService;
import cn.jingyuan.relocation.household.Milestone;
import cn.jingyuan.relocation.household.ResettlementMode;
import cn.jingyuan.relocation.household.Stage;
import cn.jingyuan.relocation.security.AccountDirectory;
import cn.jingyuan.relocation.support.Api;
import cn.jingyuan.relocation.support.Ledger;
import cn.jingyuan.relocation.support.People;

/**
 * The statistics' counters (case_tally) against a GROUP BY over the cases themselves (StatisticsMapper.figures and
 * paid, the query the statistics ran before), for every year, after many changes in transactions of their own
 * through the services that make them: stages (closing and reopening), milestones, resettlement modes, payments and
 * carry-overs into the next year, some of them rolled back; and over the demo data as imported and driven.
 */
abstract class CaseTallyContract {

    static final int YEAR = 2049;

    @LocalServerPort
    int port;
    @Autowired
    HouseholdService households;
    @Autowired
    TallyMapper tally;
    @Autowired
    CaseTally caseTally;
    @Autowired
    StatisticsMapper cases;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    LedgerService ledgers;
    @Autowired
    AccountDirectory accounts;

    static final int IMPORT_YEAR = 2073;

    /**
     * Households an import inserts are counted from the values they were inserted with, not read back: two townships'
     * ledgers in one transaction (every resettlement mode and none), some of the new households changed again before
     * it commits, agree with a GROUP BY over the cases; an import rolled back leaves neither counters nor parts.
     */
    @Test
    void householdsImportedInOneTransactionAreCountedAsTheCasesSay() {
        TransactionTemplate tx = new TransactionTemplate(transactions);
        Ledger xiangshui = Ledger.create();
        String[] modes = {"补助安置", "统规统建", "自建", "投亲靠友", ""};
        for (int i = 0; i < 10; i++) {
            xiangshui.household(IMPORT_YEAR, "香水镇", "计数一村", 1 + i % 4);
            xiangshui.set(xiangshui.headRows().get(i), "安置方式", modes[i % modes.length]);
        }
        Ledger xinmin = Ledger.create();
        for (int i = 0; i < 6; i++) {
            xinmin.household(IMPORT_YEAR, "新民乡", "计数二村", 2 + i % 3);
        }
        List<String> before = rows(tally.figures(IMPORT_YEAR, null));

        // a rolled-back import leaves nothing
        tx.executeWithoutResult(status -> {
            Actors.run(accounts, "officer", () -> ledgers.importLedger(xiangshui.csv(), Actors.user(accounts, "officer")));
            status.setRollbackOnly();
        });
        assertThat(rows(tally.figures(IMPORT_YEAR, null))).isEqualTo(before);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM case_tally_part WHERE plan_year = ?", Integer.class, IMPORT_YEAR)).isZero();

        // two townships in one transaction, three of the new households changed again before the commit
        tx.executeWithoutResult(status -> Actors.run(accounts, "officer", () -> {
            ledgers.importLedger(xiangshui.csv(), Actors.user(accounts, "officer"));
            ledgers.importLedger(xinmin.csv(), Actors.user(accounts, "officer"));
            List<Long> ids = jdbc.queryForList("SELECT id FROM household WHERE origin_year = ? ORDER BY id", Long.class, IMPORT_YEAR);
            assertThat(ids).hasSize(16);
            households.enterStage(ids.get(0), Stage.TOWNSHIP_REVIEW);
            households.recordAgreement(ids.get(4), ResettlementMode.SELF_BUILD, BigDecimal.valueOf(50000), LocalDate.of(IMPORT_YEAR, 3, 1));
            households.enterStage(ids.get(12), Stage.REJECTED);
        }));

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM case_tally_part WHERE plan_year = ?", Integer.class, IMPORT_YEAR)).isEqualTo(16);
        assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT resettlement_mode) FROM case_tally_part WHERE plan_year = ?", Integer.class,
                IMPORT_YEAR)).as("every mode and none").isEqualTo(5);
        everyYearAgrees();
    }

    /**
     * Four transactions find two counters missing at the same moment and all create them in the same slot (each its
     * changes in one batch): one creates each, the others add to it, none is lost and none dies of a deadlock (a plain INSERT's
     * duplicate check left two of them holding S locks that both then wanted to raise to X: the benchmark's third run
     * stopped on it).
     */
    @Test
    void transactionsThatAllFindACounterMissingAllLandInIt() throws Exception {
        int writers = 4;
        CyclicBarrier allMissed = new CyclicBarrier(writers);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        TransactionTemplate tx = new TransactionTemplate(transactions);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                int people = i + 1;
                done.add(pool.submit(() -> tx.execute(status -> {
                    int missing = jdbc.queryForObject("SELECT COUNT(*) FROM case_tally WHERE plan_year = ? AND township_code = ?", Integer.class,
                            RACE_YEAR, RACE_TOWNSHIP);
                    try {
                        allMissed.await(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    cn.jingyuan.relocation.annualplan.internal.TallyRow other = raceRow(people * 10);
                    other.stage = "MOVE_IN";
                    caseTally.add(List.of(raceRow(people), other), 0);
                    return missing;
                })));
            }
            for (Future<Integer> f : done) {
                assertThat(f.get(60, TimeUnit.SECONDS)).as("the counter did not exist yet").isZero();
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, Object> row = jdbc.queryForMap("SELECT households, people, paid FROM case_tally WHERE plan_year = ? AND township_code = ?"
                + " AND stage = 'DEMOLITION'",
                RACE_YEAR, RACE_TOWNSHIP);
        assertThat(((Number) row.get("households")).intValue()).isEqualTo(writers);
        assertThat(((Number) row.get("people")).intValue()).isEqualTo(1 + 2 + 3 + 4);
        assertThat(new BigDecimal(row.get("paid").toString())).isEqualByComparingTo("400");
        Map<String, Object> other = jdbc.queryForMap("SELECT SUM(households) AS households, SUM(people) AS people, SUM(paid) AS paid,"
                + " COUNT(*) AS slots FROM case_tally WHERE plan_year = ? AND township_code = ? AND stage = 'MOVE_IN'", RACE_YEAR, RACE_TOWNSHIP);
        assertThat(((Number) other.get("households")).intValue()).isEqualTo(writers);
        assertThat(((Number) other.get("people")).intValue()).isEqualTo(10 + 20 + 30 + 40);
        assertThat(new BigDecimal(other.get("paid").toString())).isEqualByComparingTo("400");
        assertThat(((Number) other.get("slots")).intValue()).as("one row: all four in the same slot").isEqualTo(1);
        jdbc.update("DELETE FROM case_tally WHERE plan_year = ? AND township_code = ?", RACE_YEAR, RACE_TOWNSHIP);
    }

    static final int RACE_YEAR = 2051;
    /** A township code no township has: the race's counter is nobody else's. */
    static final String RACE_TOWNSHIP = "640424999";

    private static cn.jingyuan.relocation.annualplan.internal.TallyRow raceRow(int people) {
        cn.jingyuan.relocation.annualplan.internal.TallyRow c = new cn.jingyuan.relocation.annualplan.internal.TallyRow();
        c.planYear = RACE_YEAR;
        c.carriedIn = false;
        c.townshipCode = RACE_TOWNSHIP;
        c.stage = "DEMOLITION";
        c.resettlementMode = "SUBSIDY";
        c.currentYear = RACE_YEAR;
        c.closed = false;
        c.movedInYear = 0;
        c.demolished = false;
        c.accepted = false;
        c.archived = false;
        c.households = 1;
        c.people = people;
        c.paid = new BigDecimal("100");
        return c;
    }

    @Test
    void theCountersEqualAGroupByOverTheCasesAfterManyChanges() {
        // given the demo data and households of a year nothing else uses
        Api api = Api.at(port);
        for (int i = 0; i < 8; i++) {
            register(api, YEAR);
        }
        List<Long> ids = jdbc.queryForList("SELECT id FROM household WHERE origin_year = ? ORDER BY id", Long.class, YEAR);
        assertThat(ids).hasSize(8);
        everyYearAgrees();
        jdbc.update("INSERT INTO rollover (from_year, to_year, status, households, people, reason, proposed_by, proposed_at)"
                + " VALUES (?, ?, 'DONE', 0, 0, 'tally test', 'test', ?)", YEAR, YEAR + 1, Timestamp.valueOf(LocalDateTime.now()));
        long rolloverId = jdbc.queryForObject("SELECT MAX(id) FROM rollover WHERE from_year = ?", Long.class, YEAR);

        // when many changes happen, each in a transaction, some rolled back, one after the other on threads taking
        // turns (each thread adds to a slot of its own: a counter's slots end up zero or negative on their own)
        Random random = new Random(14);
        TransactionTemplate tx = new TransactionTemplate(transactions);
        Stage[] stages = Stage.values();
        ExecutorService threads = Executors.newFixedThreadPool(3);
        int tranche = 0;
        for (int round = 0; round < 80; round++) {
            boolean rollBack = round % 9 == 4;
            int t = ++tranche;
            inTurn(threads, () -> tx.executeWithoutResult(status -> {
                for (int k = 0; k < 1 + random.nextInt(3); k++) {
                    long id = ids.get(random.nextInt(ids.size()));
                    switch (random.nextInt(6)) {
                        case 0, 1 -> households.enterStage(id, stages[random.nextInt(stages.length)]);
                        case 2 -> households.recordMilestone(id, Milestone.values()[random.nextInt(Milestone.values().length)],
                                LocalDate.of(YEAR - 1 + random.nextInt(3), 1 + random.nextInt(12), 1 + random.nextInt(28)));
                        case 3 -> households.recordAgreement(id, ResettlementMode.values()[random.nextInt(ResettlementMode.values().length)],
                                BigDecimal.valueOf(50000), LocalDate.of(YEAR, 3, 1));
                        case 4 -> {
                            jdbc.update("INSERT INTO subsidy_payment (household_id, tranche_no, milestone, amount, paid_on, voucher_no, recorded_by,"
                                    + " recorded_at) VALUES (?, ?, 'AGREEMENT', ?, ?, ?, 'test', ?)", id, t * 10 + k, BigDecimal.valueOf(1000 + t),
                                    LocalDate.of(YEAR, 5, 1), "V" + t + "-" + k, Timestamp.valueOf(LocalDateTime.now()));
                            households.paymentRecorded(id);
                        }
                        default -> {
                            int year = jdbc.queryForObject("SELECT plan_year FROM household WHERE id = ?", Integer.class, id);
                            Integer carried = jdbc.queryForObject("SELECT COUNT(*) FROM carry_over WHERE household_id = ? AND from_year = ?",
                                    Integer.class, id, year);
                            if (carried == 0 && year < YEAR + 3) {
                                households.movePlanYear(List.of(id), year, year + 1);
                                jdbc.update("INSERT INTO carry_over (household_id, case_no, from_year, to_year, stage_at_rollover, people, reason,"
                                        + " rollover_id, carried_by, carried_at) SELECT id, case_no, ?, ?, stage, people, 'tally test', ?, 'test', ?"
                                        + " FROM household WHERE id = ?", year, year + 1, rolloverId, Timestamp.valueOf(LocalDateTime.now()), id);
                            }
                        }
                    }
                }
                if (rollBack) {
                    status.setRollbackOnly();
                }
            }));
        }
        threads.shutdown();
        assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT slot) FROM case_tally WHERE plan_year = ?", Integer.class, YEAR))
                .as("slots the counters of the year are spread over").isGreaterThan(1);

        // then every year's counters are what a GROUP BY over the cases says
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM carry_over WHERE household_id IN (SELECT id FROM household WHERE origin_year = ?)",
                Integer.class, YEAR)).as("carry-overs made").isPositive();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM subsidy_payment WHERE household_id IN (SELECT id FROM household WHERE origin_year = ?)",
                Integer.class, YEAR)).as("payments made").isPositive();
        everyYearAgrees();
    }

    /** Runs the work on one of these threads and waits for it: rounds one after the other, not always on the same thread. */
    private static void inTurn(ExecutorService threads, Runnable work) {
        try {
            threads.submit(work).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void everyYearAgrees() {
        List<Integer> years = jdbc.queryForList("SELECT origin_year FROM household UNION SELECT to_year FROM carry_over", Integer.class);
        assertThat(years).contains(YEAR);
        for (int year : years) {
            List<String> counted = rows(tally.figures(year, null));
            List<String> grouped = rows(cases.figures(year, LocalDate.of(year, 1, 1), LocalDate.of(year + 1, 1, 1), null));
            assertThat(counted).as("figures of %d", year).isNotEmpty().containsExactlyInAnyOrderElementsOf(grouped);
            assertThat(paid(tally.paid(year, null))).as("paid in %d", year).isEqualTo(paid(cases.paid(year, null)));
        }
    }

    private static List<String> rows(List<FigureRow> rows) {
        List<String> out = new ArrayList<>();
        for (FigureRow r : rows) {
            out.add(String.join("|", r.townshipCode, r.stage, String.valueOf(r.resettlementMode), "" + r.households, "" + r.people,
                    r.plannedH + "/" + r.plannedP, r.carriedInH + "/" + r.carriedInP, r.movedInH + "/" + r.movedInP,
                    r.movedInToDateH + "/" + r.movedInToDateP, r.demolishedH + "/" + r.demolishedP, r.acceptedH + "/" + r.acceptedP,
                    r.archivedH + "/" + r.archivedP, r.carriedOutH + "/" + r.carriedOutP, r.openH + "/" + r.openP));
        }
        return out;
    }

    private static Map<String, BigDecimal> paid(List<PaidRow> rows) {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        rows.stream().sorted((a, b) -> a.townshipCode.compareTo(b.townshipCode))
                .forEach(p -> out.put(p.townshipCode, p.amount.stripTrailingZeros()));
        return out;
    }

    static void register(Api api, int year) {
        People.Person head = People.person(1968, true, "户主");
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("planYear", year);
        h.put("township", "新民乡");
        h.put("village", "试点三村");
        h.put("villageGroup", "2组");
        h.put("category", "风险区管控");
        h.put("riskLevel", "高");
        h.put("phone", People.mobile());
        h.put("declaredSize", 1);
        h.put("members", List.of(Map.of("name", head.name(), "idNumber", head.idNumber(), "relation", head.relation())));
        Api.Response r = api.as("xinmin.tf1").post("/api/households", h);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }
}
