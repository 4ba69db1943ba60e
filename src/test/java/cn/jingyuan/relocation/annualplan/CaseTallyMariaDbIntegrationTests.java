package cn.jingyuan.relocation.annualplan;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.Ordered;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import cn.jingyuan.relocation.household.Stage;
import cn.jingyuan.relocation.support.Api;
import cn.jingyuan.relocation.support.MariaDbApplicationTest;

/** {@link CaseTallyContract} under the mysql profile on MariaDB, and how long a transaction holds its counters. */
@MariaDbApplicationTest
class CaseTallyMariaDbIntegrationTests extends CaseTallyContract {

    /** A year only this test's household is in. */
    static final int LOCK_YEAR = 2053;

    @Autowired
    DataSource dataSource;

    /**
     * A counter row is shared by every case of its township and stage (a batch's jobs all move the same few), and
     * stays locked from its update to the commit. So a transaction takes its counters after everything else it does
     * before committing: while a synchronization ordered anywhere but last runs (the notices of the steps it created,
     * say), another connection can still lock the counter; in one that runs last (the audit chain's place), it no
     * longer can.
     */
    @Test
    void aTransactionLocksItsCountersOnlyForItsCommit() {
        // given a household counted at its first stage
        register(Api.at(port), LOCK_YEAR);
        Map<String, Object> h = jdbc.queryForMap("SELECT id, township_code, stage FROM household WHERE origin_year = ?", LOCK_YEAR);
        long id = ((Number) h.get("id")).longValue();
        String township = (String) h.get("township_code");
        String stage = (String) h.get("stage");
        assertThat(counted(LOCK_YEAR, township, stage)).isEqualTo(1);
        Stage next = Stage.values()[(Stage.valueOf(stage).ordinal() + 1) % Stage.values().length];

        // when a transaction moves it on, with a probe among the synchronizations before the counters and one after
        Map<String, Boolean> free = new LinkedHashMap<>();
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            households.enterStage(id, next);
            TransactionSynchronizationManager.registerSynchronization(probe(free, "before", Ordered.LOWEST_PRECEDENCE - 2, township, stage));
            TransactionSynchronizationManager.registerSynchronization(probe(free, "after", Ordered.LOWEST_PRECEDENCE, township, stage));
        });

        // then the counter was free while the others ran, locked after the counters' update, and moved
        assertThat(free).containsExactly(Map.entry("before", true), Map.entry("after", false));
        assertThat(counted(LOCK_YEAR, township, stage)).isZero();
        assertThat(counted(LOCK_YEAR, township, next.name())).isEqualTo(1);
    }

    /** A year only the next test's households are in. */
    static final int PARALLEL_YEAR = 2054;

    /**
     * Each thread adds to a slot of its own (V073): while one transaction holds its counter rows for its commit,
     * another moving a case of the same township and stage on another thread updates other rows and commits without
     * waiting; both changes are counted.
     */
    @Test
    void transactionsOnTwoThreadsMoveTheSameCounterWithoutWaitingForEachOther() throws Exception {
        // given two households of one township at the same stage
        register(Api.at(port), PARALLEL_YEAR);
        register(Api.at(port), PARALLEL_YEAR);
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT id, township_code, stage FROM household WHERE origin_year = ? ORDER BY id",
                PARALLEL_YEAR);
        assertThat(rows).hasSize(2);
        String township = (String) rows.get(0).get("township_code");
        String stage = (String) rows.get(0).get("stage");
        assertThat(rows.get(1)).containsEntry("township_code", township).containsEntry("stage", stage);
        Stage next = Stage.values()[(Stage.valueOf(stage).ordinal() + 1) % Stage.values().length];
        assertThat(counted(PARALLEL_YEAR, township, stage)).isEqualTo(2);

        // when the first transaction, holding its counters, waits for the second to commit on another thread
        TransactionTemplate tx = new TransactionTemplate(transactions);
        CountDownLatch firstHoldsItsCounters = new CountDownLatch(1);
        CountDownLatch secondCommitted = new CountDownLatch(1);
        AtomicBoolean firstSawSecondCommit = new AtomicBoolean();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread first = new Thread(() -> tx.executeWithoutResult(status -> {
            households.enterStage(((Number) rows.get(0).get("id")).longValue(), next);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                /** Right after the counters (registered after them, same order), before the audit chain. */
                @Override
                public int getOrder() {
                    return CaseTally.ORDER;
                }

                @Override
                public void beforeCommit(boolean readOnly) {
                    firstHoldsItsCounters.countDown();
                    try {
                        firstSawSecondCommit.set(secondCommitted.await(10, TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
        }));
        Thread second = new Thread(() -> {
            try {
                firstHoldsItsCounters.await(30, TimeUnit.SECONDS);
                tx.executeWithoutResult(status -> households.enterStage(((Number) rows.get(1).get("id")).longValue(), next));
                secondCommitted.countDown();
            } catch (Throwable e) {
                failed.set(e);
            }
        });
        assertThat(first.getId() % CaseTally.SLOTS).as("the threads' slots").isNotEqualTo(second.getId() % CaseTally.SLOTS);
        first.setUncaughtExceptionHandler((t, e) -> failed.set(e));
        first.start();
        second.start();
        first.join(60_000);
        second.join(60_000);

        // then the second committed while the first held its counters, and both moves are counted
        assertThat(failed.get()).isNull();
        assertThat(firstSawSecondCommit).as("the second committed while the first held its counters").isTrue();
        assertThat(counted(PARALLEL_YEAR, township, stage)).isZero();
        assertThat(counted(PARALLEL_YEAR, township, next.name())).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT slot) FROM case_tally WHERE plan_year = ? AND township_code = ? AND stage = ?",
                Integer.class, PARALLEL_YEAR, township, next.name())).as("slots of the new stage's counter").isEqualTo(2);
    }

    /** Households of the year's own cases at this township and stage, by the counters (their slots added up). */
    private int counted(int year, String township, String stage) {
        return jdbc.queryForObject("SELECT COALESCE(SUM(households), 0) FROM case_tally WHERE plan_year = ? AND carried_in = FALSE"
                + " AND township_code = ? AND stage = ?", Integer.class, year, township, stage);
    }

    /** Before the transaction commits: whether another connection can lock the household's old counter at once. */
    private TransactionSynchronization probe(Map<String, Boolean> free, String name, int order, String township, String stage) {
        return new TransactionSynchronization() {
            @Override
            public int getOrder() {
                return order;
            }

            @Override
            public void beforeCommit(boolean readOnly) {
                try (Connection other = dataSource.getConnection()) {
                    other.setAutoCommit(false);
                    try (PreparedStatement ps = other.prepareStatement("SELECT households FROM case_tally WHERE plan_year = ?"
                            + " AND carried_in = FALSE AND township_code = ? AND stage = ? FOR UPDATE NOWAIT")) {
                        ps.setInt(1, LOCK_YEAR);
                        ps.setString(2, township);
                        ps.setString(3, stage);
                        try (ResultSet rs = ps.executeQuery()) {
                            assertThat(rs.next()).as("the counter exists").isTrue();
                        }
                        free.put(name, true);
                    } catch (SQLException e) {
                        // ER_LOCK_WAIT_TIMEOUT: NOWAIT found the row locked
                        assertThat(e.getErrorCode()).as(e.toString()).isEqualTo(1205);
                        free.put(name, false);
                    } finally {
                        other.rollback();
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }
}
