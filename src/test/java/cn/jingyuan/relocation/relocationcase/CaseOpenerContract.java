package cn.jingyuan.relocation.relocationcase;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import cn.jingyuan.relocation.approval.Actors;
import cn.jingyuan.relocation.household.HouseholdsChanged;
import cn.jingyuan.relocation.household.Stage;
import cn.jingyuan.relocation.household.internal.HouseholdMapper;
import cn.jingyuan.relocation.household.internal.HouseholdRow;
import cn.jingyuan.relocation.household.internal.ReferenceMapper;
import cn.jingyuan.relocation.relocationcase.internal.CaseEventRow;
import cn.jingyuan.relocation.security.AccountDirectory;

/**
 * The case opener's chunks run side by side: each household gets one case however many openers (imports, the sweep,
 * other nodes) reach it at once, and the cases a user's import opens name that user in their history.
 */
abstract class CaseOpenerContract {

    /** A year no other test registers households in. */
    static final int YEAR = 2087;
    static final String XIANGSHUI = "640424100";

    @Autowired
    CaseOpener opener;
    @Autowired
    HouseholdMapper householdRows;
    @Autowired
    ReferenceMapper references;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    NamedParameterJdbcTemplate named;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    AccountDirectory accounts;
    @Autowired
    RuntimeService runtime;
    @Autowired
    CaseHistory history;

    /**
     * The cases end again (their steps leave every list, as a withdrawn case's do) and their notices go: the other
     * tests of the context count the lists and notices of the demo's people.
     */
    @AfterEach
    void endTheCases() {
        List<String> instances = jdbc.queryForList("SELECT process_instance_id FROM household WHERE origin_year = ? AND process_instance_id IS NOT NULL",
                String.class, YEAR);
        runtime.deleteProcessInstancesIfExists(instances, "test over", false, true, true);
        jdbc.update("DELETE FROM notification WHERE case_no LIKE ?", "640424-" + YEAR + "-%");
        jdbc.update("DELETE FROM notification_outbox WHERE content LIKE ?", "%640424-" + YEAR + "-%");
    }

    @Test
    void openersRacingOverTheSameHouseholdsOpenEachCaseOnce() throws Exception {
        List<Long> ids;
        List<Future<?>> done = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (SweepHeldElsewhere paused = new SweepHeldElsewhere()) {
            ids = register(450);
            // two imports' openings over overlapping parts (one of them backwards), and a sweep over all of them, at once
            List<Long> backwards = new ArrayList<>(ids.subList(150, 450));
            Collections.reverse(backwards);
            done.add(pool.submit(() -> Actors.run(accounts, "officer", () -> opener.openAll(ids.subList(0, 300), false))));
            done.add(pool.submit(() -> Actors.run(accounts, "officer", () -> opener.openAll(backwards, false))));
            done.add(pool.submit(() -> opener.openAll(ids, true)));
            for (Future<?> f : done) {
                f.get(5, TimeUnit.MINUTES); // none of them failed: no chunk met a duplicate link or a deadlock
            }
        } finally {
            pool.shutdownNow();
        }

        assertEachOpenedOnce(ids);
    }

    @Test
    void aLedgerOpenedInChunksSideBySideNamesTheImporter() {
        List<Long> ids;
        try (SweepHeldElsewhere paused = new SweepHeldElsewhere()) {
            ids = register(CaseOpener.CHUNK * 2 + 50);
            Actors.run(accounts, "officer", () -> opener.openAll(ids, false));
        }

        assertEachOpenedOnce(ids);
        assertThat(named.queryForList("SELECT DISTINCT actor FROM case_event WHERE event_type = 'CASE_OPENED' AND household_id IN (:ids)",
                Map.of("ids", ids), String.class)).containsExactly("officer");
    }

    @Test
    void historyRowsWrittenTogetherAreEachStoredOnceWithTheirOwnValues() {
        List<Long> ids;
        try (SweepHeldElsewhere paused = new SweepHeldElsewhere()) {
            ids = register(2);
        }
        // more rows than one JDBC batch sends, alternating between two households, every value its own
        int count = CaseHistory.ROWS_PER_BATCH + 234;
        LocalDateTime start = LocalDateTime.of(2087, 3, 1, 8, 0);
        List<CaseEventRow> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long id = ids.get(i % 2);
            rows.add(history.row(id, "case-" + id, i % 3 == 0 ? CaseEventType.TASK_COMPLETED : CaseEventType.URGED,
                    i % 5 == 0 ? null : Stage.RESETTLEMENT, i % 7 == 0 ? null : "task-" + i, "key-" + i, "步骤" + i, i % 2 == 0 ? "officer" : "system",
                    i % 4 == 0 ? null : "APPROVE", i % 6 == 0 ? null : "意见" + i, i % 8 == 0 ? null : Map.of("n", i, "亲属", "马" + i),
                    start.plusMinutes(i)));
        }
        new TransactionTemplate(transactions).executeWithoutResult(s -> {
            history.recordAll(List.of());
            history.recordAll(rows);
        });

        assertThat(rows.get(1).comment).as("the rows given are left in the clear").isEqualTo("意见1");
        // stored encrypted: no comment of these rows is readable in the table
        assertThat(named.queryForObject("SELECT COUNT(*) FROM case_event WHERE household_id IN (:ids) AND (comment LIKE '意见%' OR details LIKE '%马%')",
                Map.of("ids", ids), Integer.class)).isZero();
        for (int h = 0; h < 2; h++) {
            long id = ids.get(h);
            List<CaseEventRow> stored = history.of(id).stream().filter(r -> r.caseNo.equals("case-" + id)).toList();
            List<CaseEventRow> given = new ArrayList<>();
            for (int i = h; i < count; i += 2) {
                given.add(rows.get(i));
            }
            assertThat(stored).as("household %d", h).hasSize(given.size());
            for (int i = 0; i < given.size(); i++) {
                CaseEventRow a = stored.get(i), b = given.get(i);
                assertThat(List.of(String.valueOf(a.householdId), a.eventType, String.valueOf(a.stage), String.valueOf(a.taskId), a.taskKey,
                        a.taskName, a.actor, a.actorName, String.valueOf(a.occurredAt), String.valueOf(a.decision), String.valueOf(a.comment),
                        String.valueOf(a.details))).as("row %d of household %d", i, h)
                        .containsExactly(String.valueOf(b.householdId), b.eventType, String.valueOf(b.stage), String.valueOf(b.taskId), b.taskKey,
                                b.taskName, b.actor, b.actorName, String.valueOf(b.occurredAt), String.valueOf(b.decision), String.valueOf(b.comment),
                                String.valueOf(b.details));
            }
        }
    }

    private void assertEachOpenedOnce(List<Long> ids) {
        Map<String, Object> ps = Map.of("ids", ids);
        assertThat(named.queryForObject("SELECT COUNT(*) FROM household WHERE id IN (:ids) AND process_instance_id IS NOT NULL", ps, Integer.class))
                .isEqualTo(ids.size());
        assertThat(named.queryForObject("SELECT COUNT(DISTINCT process_instance_id) FROM household WHERE id IN (:ids)", ps, Integer.class))
                .isEqualTo(ids.size());
        // one process instance per case number, the one the household links to, and one CASE_OPENED entry each
        assertThat(named.queryForObject("SELECT COUNT(*) FROM ACT_RU_EXECUTION e JOIN household h ON h.case_no = e.BUSINESS_KEY_"
                + " WHERE h.id IN (:ids) AND e.PARENT_ID_ IS NULL", ps, Integer.class)).isEqualTo(ids.size());
        assertThat(named.queryForObject("SELECT COUNT(*) FROM ACT_RU_EXECUTION e JOIN household h ON h.process_instance_id = e.ID_"
                + " WHERE h.id IN (:ids)", ps, Integer.class)).isEqualTo(ids.size());
        assertThat(named.queryForList("SELECT household_id FROM case_event WHERE event_type = 'CASE_OPENED' AND household_id IN (:ids)",
                ps, Long.class)).hasSize(ids.size()).doesNotHaveDuplicates();
    }

    /** Registers this many households of {@link #YEAR} whose cases are not opened yet (as an import leaves them); their ids. */
    private List<Long> register(int count) {
        long villageId = references.findVillages(XIANGSHUI).stream().filter(v -> v.name.equals("沙塘村")).findFirst().orElseThrow().id;
        return new TransactionTemplate(transactions).execute(s -> {
            int from = jdbc.queryForObject("SELECT COUNT(*) FROM household WHERE origin_year = ?", Integer.class, YEAR);
            LocalDateTime now = LocalDateTime.now();
            List<HouseholdRow> rows = new ArrayList<>();
            List<String> caseNos = new ArrayList<>();
            for (int i = from + 1; i <= from + count; i++) {
                HouseholdRow r = new HouseholdRow();
                r.caseNo = String.format("640424-%d-%04d", YEAR, i);
                r.originYear = YEAR;
                r.planYear = YEAR;
                r.townshipCode = XIANGSHUI;
                r.villageId = villageId;
                r.category = "HAZARD_POINT";
                r.riskLevel = "HIGH";
                r.headName = "开" + i;
                r.headIdHash = String.format("%064d", 87_000_000L + i);
                r.people = 1;
                r.stage = "IDENTIFIED";
                r.createdBy = "officer";
                r.createdAt = now;
                r.updatedBy = "officer";
                r.updatedAt = now;
                rows.add(r);
                caseNos.add(r.caseNo);
            }
            householdRows.insertAll(rows);
            List<Long> ids = named.queryForList("SELECT id FROM household WHERE case_no IN (:c) ORDER BY id", Map.of("c", caseNos), Long.class);
            events.publishEvent(new HouseholdsChanged(ids)); // the statistics count them, as after an import
            return ids;
        });
    }

    /**
     * The sweep's lease held by another node for the test's length, so the cases are opened by the test's own openers
     * only (a sweep on this node would open some of them as nobody in particular); taken once no sweep holds it.
     */
    private final class SweepHeldElsewhere implements AutoCloseable {

        SweepHeldElsewhere() {
            long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (jdbc.update("UPDATE cluster_lock SET holder = 'another-node', locked_until = ? WHERE name = ?"
                    + " AND (holder IS NULL OR locked_until < ?)", Timestamp.from(Instant.now().plusSeconds(600)),
                    CaseOpener.SWEEP_LEASE, Timestamp.from(Instant.now())) != 1) {
                if (System.nanoTime() > until) {
                    throw new IllegalStateException("the sweep held its lease for two minutes");
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }

        @Override
        public void close() {
            jdbc.update("UPDATE cluster_lock SET holder = NULL, locked_until = NULL WHERE name = ? AND holder = 'another-node'",
                    CaseOpener.SWEEP_LEASE);
        }
    }
}
