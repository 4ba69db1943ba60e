package cn.jingyuan.relocation.security.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.transaction.support.TransactionTemplate;

import cn.jingyuan.relocation.shared.DatabaseUnavailable;

/**
 * Entries committed on their own (refusals, writes as the request filter saw them, failed logins), several callers'
 * in one transaction. The chain has one head, locked from an append to its commit, so callers appending one entry
 * each in a transaction of its own queued on it, each for a commit (JFR, 50 clients completing steps: 80 s of 750 s
 * of the request threads' database waits were on the head). Now a caller puts its entry in the queue and either
 * appends everything waiting there in one transaction, or waits while another caller does; it returns once its entry
 * is committed, as before. If a transaction of several fails, each of its entries is tried again alone, so one
 * entry that cannot be written fails no other; if it failed because the database is out of reach, all of them fail
 * at once with that (each caller answers as it did alone: 503).
 */
public final class AuditGroupCommit {

    /** Entries per transaction at most. */
    static final int MAX = 200;

    private final AuditChain chain;
    private final TransactionTemplate ownTransaction;
    private final ConcurrentLinkedQueue<Waiting> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock appending = new ReentrantLock();
    private final AtomicLong transactions = new AtomicLong();

    /** @param ownTransaction a template that starts a new transaction (REQUIRES_NEW) */
    public AuditGroupCommit(AuditChain chain, TransactionTemplate ownTransaction) {
        this.chain = chain;
        this.ownTransaction = ownTransaction;
    }

    /** Appends the entry in a transaction of its own (perhaps shared with other callers'), committed on return. */
    public void append(AuditRow row) {
        Waiting mine = new Waiting(row);
        queue.add(mine);
        while (!mine.done.isDone()) {
            appending.lock();
            try {
                if (!mine.done.isDone()) {
                    appendWaiting();
                }
            } finally {
                appending.unlock();
            }
        }
        try {
            mine.done.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** Transactions that appended entries so far (entries appended on their own count one each). */
    public long transactions() {
        return transactions.get();
    }

    /** Entries waiting to be appended right now. */
    int queued() {
        return queue.size();
    }

    private void appendWaiting() {
        List<Waiting> batch = new ArrayList<>();
        for (Waiting w; batch.size() < MAX && (w = queue.poll()) != null; ) {
            batch.add(w);
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            commit(batch.stream().map(w -> w.row).toList());
            batch.forEach(w -> w.done.complete(null));
            return;
        } catch (RuntimeException e) {
            if (batch.size() == 1 || DatabaseUnavailable.is(e)) {
                // out of reach: every entry fails as it would have alone, at once, not one connection timeout each
                batch.forEach(w -> w.done.completeExceptionally(e));
                return;
            }
        }
        for (Waiting w : batch) {
            try {
                commit(List.of(w.row));
                w.done.complete(null);
            } catch (RuntimeException e) {
                w.done.completeExceptionally(e);
            }
        }
    }

    private void commit(List<AuditRow> rows) {
        ownTransaction.executeWithoutResult(s -> chain.append(rows));
        transactions.incrementAndGet();
    }

    private static final class Waiting {
        final AuditRow row;
        final CompletableFuture<Void> done = new CompletableFuture<>();

        Waiting(AuditRow row) {
            this.row = row;
        }
    }
}
