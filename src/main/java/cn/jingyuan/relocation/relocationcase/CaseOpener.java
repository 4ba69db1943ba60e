package cn.jingyuan.relocation.relocationcase;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

import cn.jingyuan.relocation.household.HouseholdService;
import cn.jingyuan.relocation.household.HouseholdsRegistered;
import cn.jingyuan.relocation.shared.ClusterLock;

/**
 * Opens the cases of newly registered households once their registration has committed: right away for an
 * ordinary ledger (the answer to the import then already shows the open cases), in the background for a big one
 * (tens of thousands), and on start-up and every minute for anything left behind by a crash. Background opening and
 * the sweep run on one thread, one after the other, and every chunk, on whichever node it is opened, is opened alone
 * (the cluster lock {@code case-opener}) and committed before the next starts: a sweep never races an import's
 * opening over the same households. One node at a time sweeps (the lease {@code case-opener-sweep}). Opening is
 * idempotent (a household is linked to one case only), so nothing is opened twice.
 */
@Component
class CaseOpener {

    private static final Logger log = LoggerFactory.getLogger(CaseOpener.class);
    static final int INLINE_LIMIT = 2000;
    static final int CHUNK = 100;

    private final RelocationCaseService cases;
    private final HouseholdService households;
    private final AtomicBoolean sweepQueued = new AtomicBoolean();
    static final String CHUNK_LOCK = "case-opener";
    static final String SWEEP_LEASE = "case-opener-sweep";
    /** One chunk is opened at a time, whoever opens it (an import inline, the background, the sweep) on any node. */
    private final ClusterLock locks;
    private final TransactionTemplate lockTx;
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "case-opener");
        t.setDaemon(true);
        return t;
    });

    CaseOpener(RelocationCaseService cases, HouseholdService households, ClusterLock locks, PlatformTransactionManager transactions) {
        this.cases = cases;
        this.households = households;
        this.locks = locks;
        // a transaction of its own that holds the lock while the chunk's own transaction (REQUIRES_NEW) commits
        this.lockTx = new TransactionTemplate(transactions);
        this.lockTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void registered(HouseholdsRegistered event) {
        List<Long> ids = event.householdIds();
        if (ids.size() <= INLINE_LIMIT) {
            try {
                openAll(ids);
            } catch (RuntimeException e) {
                // the registration has committed; the sweep opens what is left
                log.error("opening {} cases failed; the sweep will retry", ids.size(), e);
            }
        } else {
            background.submit(() -> openAll(ids));
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void onStartup() {
        queueSweep();
    }

    /** Queues a sweep behind whatever the opener is doing, unless one is queued already. */
    @Scheduled(fixedDelayString = "${relocation.case.opener-sweep:PT1M}", initialDelayString = "${relocation.case.opener-sweep:PT1M}")
    void queueSweep() {
        if (sweepQueued.compareAndSet(false, true)) {
            background.submit(() -> {
                sweepQueued.set(false);
                try {
                    sweep();
                } catch (RuntimeException e) {
                    log.error("the case-opening sweep stopped; the next one retries", e);
                }
            });
        }
    }

    void sweep() {
        if (!locks.tryLease(SWEEP_LEASE, Duration.ofMinutes(30))) {
            return; // another node is sweeping
        }
        try {
            List<Long> pending;
            while (!(pending = households.findWithoutCase(CHUNK * 10)).isEmpty()) {
                log.info("opening {} cases left unopened", pending.size());
                openAll(pending);
                locks.tryLease(SWEEP_LEASE, Duration.ofMinutes(30));
            }
        } finally {
            locks.release(SWEEP_LEASE);
        }
    }

    private void openAll(List<Long> ids) {
        RuntimeException failed = null;
        for (int i = 0; i < ids.size(); i += CHUNK) {
            // the chunk commits before the lock is released, so the next opener sees its cases open and skips them
            List<Long> chunk = ids.subList(i, Math.min(ids.size(), i + CHUNK));
            try {
                lockTx.executeWithoutResult(status -> {
                    locks.holdForTransaction(CHUNK_LOCK);
                    cases.open(chunk);
                });
            } catch (RuntimeException e) {
                // this chunk rolled back; the others go on, and the next sweep retries it
                log.warn("opening cases {}..{} failed: {}", ids.get(i), ids.get(Math.min(ids.size(), i + CHUNK) - 1), e.toString());
                failed = e;
            }
        }
        if (failed != null) {
            throw failed;
        }
    }
}
