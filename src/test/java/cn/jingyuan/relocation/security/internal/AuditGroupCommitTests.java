package cn.jingyuan.relocation.security.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * How entries queued behind one transaction are appended: together, entry by entry when that fails (so one that
 * cannot be written fails no other), and all failing at once when the database is out of reach.
 */
class AuditGroupCommitTests {

    private final AuditChain chain = mock(AuditChain.class);
    /** The summaries of each call of {@code chain.append}, in order. */
    private final List<List<String>> appends = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch firstMayFinish = new CountDownLatch(1);
    private final ExecutorService callers = Executors.newFixedThreadPool(4);
    private final AuditGroupCommit group = new AuditGroupCommit(chain, new TransactionTemplate() {
        @Override
        public <T> T execute(TransactionCallback<T> action) throws TransactionException {
            return action.doInTransaction(null);
        }
    });

    @AfterEach
    void stop() {
        firstMayFinish.countDown();
        callers.shutdownNow();
    }

    /** The chain: the first append waits for the test; then a batch holding {@code failing} fails with {@code failure}. */
    private void chainFailing(String failing, RuntimeException failure) {
        doAnswer(inv -> {
            List<AuditRow> rows = inv.getArgument(0);
            List<String> summaries = rows.stream().map(r -> r.summary).toList();
            appends.add(summaries);
            if (appends.size() == 1) {
                firstMayFinish.await(30, TimeUnit.SECONDS);
            }
            if (summaries.contains(failing)) {
                throw failure;
            }
            return null;
        }).when(chain).append(anyList());
    }

    /** A appends alone and holds the chain; B, C, D queue behind it in that order; then A finishes. */
    private List<Future<?>> fourCallers() throws Exception {
        List<Future<?>> done = new ArrayList<>();
        done.add(callers.submit(() -> group.append(row("A"))));
        while (appends.isEmpty()) {
            Thread.sleep(5);
        }
        for (String s : List.of("B", "C", "D")) {
            int before = group.queued();
            done.add(callers.submit(() -> group.append(row(s))));
            // the next caller starts once this one has queued: the pool's threads would otherwise race for the queue
            while (group.queued() == before) {
                Thread.sleep(5);
            }
        }
        firstMayFinish.countDown();
        return done;
    }

    @Test
    void entriesQueuedBehindATransactionAreAppendedTogetherAndOneThatFailsFailsNoOther() throws Exception {
        IllegalStateException bad = new IllegalStateException("C cannot be written");
        chainFailing("C", bad);

        List<Future<?>> done = fourCallers();

        assertThat(outcome(done.get(0))).isNull();
        assertThat(outcome(done.get(1))).isNull();
        assertThat(outcome(done.get(2))).isSameAs(bad);
        assertThat(outcome(done.get(3))).isNull();
        assertThat(appends).containsExactly(List.of("A"), List.of("B", "C", "D"), List.of("B"), List.of("C"), List.of("D"));
        assertThat(group.transactions()).as("transactions that appended").isEqualTo(3);
    }

    @Test
    void whenTheDatabaseIsOutOfReachEveryQueuedEntryFailsAtOnce() throws Exception {
        CannotGetJdbcConnectionException down = new CannotGetJdbcConnectionException("no connection");
        chainFailing("C", down);

        List<Future<?>> done = fourCallers();

        assertThat(outcome(done.get(0))).isNull();
        assertThat(outcome(done.get(1))).isSameAs(down);
        assertThat(outcome(done.get(2))).isSameAs(down);
        assertThat(outcome(done.get(3))).isSameAs(down);
        assertThat(appends).containsExactly(List.of("A"), List.of("B", "C", "D"));
    }

    /** Null when the caller's append returned, else what it threw. */
    private static Throwable outcome(Future<?> f) throws InterruptedException, java.util.concurrent.TimeoutException {
        try {
            f.get(30, TimeUnit.SECONDS);
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        }
    }

    private static AuditRow row(String summary) {
        AuditRow r = new AuditRow();
        r.summary = summary;
        return r;
    }
}
