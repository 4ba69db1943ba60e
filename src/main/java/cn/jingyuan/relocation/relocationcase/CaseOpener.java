package cn.jingyuan.relocation.relocationcase;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.concurrent.DelegatingSecurityContextExecutorService;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

import cn.jingyuan.relocation.household.HouseholdService;
import cn.jingyuan.relocation.household.ImportsInProgress;
import cn.jingyuan.relocation.household.HouseholdsRegistered;
import cn.jingyuan.relocation.shared.ClusterLock;

/**
 * Opens the cases of newly registered households once their registration has committed: right away for an
 * ordinary ledger (the answer to the import then already shows the open cases), in the background for a big one
 * (tens of thousands), and on start-up and every minute for anything left behind by a crash. The work is cut into
 * chunks of {@value #CHUNK}, each opened and committed in a transaction of its own by one of
 * {@code relocation.case.opener-threads} openers, side by side: a chunk locks its households' rows first, so a
 * chunk racing it over the same households (another import's, the sweep, on any node) waits and then finds them
 * opened, while chunks of other households go on. The inline opening runs as the importing user (the case history
 * names them). One node at a time sweeps (the lease {@code case-opener-sweep}). Opening is idempotent (a household
 * is linked to one case only), so nothing is opened twice. Background openings give way to a ledger import running on
 * this node: each of their chunks waits for it (at most {@link #YIELD_AT_MOST}), so the upload being answered gets
 * the database first (at 100,000 households the uploads queued behind the previous uploads' openings).
 */
@Component
class CaseOpener {

    private static final Logger log = LoggerFactory.getLogger(CaseOpener.class);
    static final int INLINE_LIMIT = 2000;
    static final int CHUNK = 100;
    static final String SWEEP_LEASE = "case-opener-sweep";
    static final Duration YIELD_AT_MOST = Duration.ofSeconds(30);

    private final RelocationCaseService cases;
    private final HouseholdService households;
    private final AtomicBoolean sweepQueued = new AtomicBoolean();
    private final ClusterLock locks;
    private final ImportsInProgress imports;
    /** Big imports and the sweep, one after the other; each hands its chunks to the openers. */
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> daemon(r, "case-opener"));
    /** The openers; a chunk runs with the security context of whoever handed it over. */
    private final ExecutorService openers;
    private final int threads;

    CaseOpener(RelocationCaseService cases, HouseholdService households, ClusterLock locks, ImportsInProgress imports,
               @Value("${relocation.case.opener-threads:2}") int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("relocation.case.opener-threads must be at least 1, not " + threads);
        }
        this.cases = cases;
        this.households = households;
        this.locks = locks;
        this.imports = imports;
        this.threads = threads;
        AtomicInteger n = new AtomicInteger();
        this.openers = new DelegatingSecurityContextExecutorService(
                Executors.newFixedThreadPool(threads, r -> daemon(r, "case-opener-" + n.incrementAndGet())));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void registered(HouseholdsRegistered event) {
        List<Long> ids = event.householdIds();
        if (ids.size() <= INLINE_LIMIT) {
            try {
                openAll(ids, false);
            } catch (RuntimeException e) {
                // the registration has committed; the sweep opens what is left
                log.error("opening {} cases failed; the sweep will retry", ids.size(), e);
            }
        } else {
            background.submit(() -> openAll(ids, true));
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
            while (!(pending = households.findWithoutCase(CHUNK * 10 * threads)).isEmpty()) {
                log.info("opening {} cases left unopened", pending.size());
                openAll(pending, true);
                locks.tryLease(SWEEP_LEASE, Duration.ofMinutes(30));
            }
        } finally {
            locks.release(SWEEP_LEASE);
        }
    }

    /**
     * Opens these households' cases, chunk by chunk, on the openers side by side, and returns when every chunk has
     * committed or failed. A chunk that fails rolls back alone (the sweep retries it); the last failure is thrown.
     * {@code yielding}: work in the background, whose chunks each wait for a running import first.
     */
    void openAll(List<Long> ids, boolean yielding) {
        List<List<Long>> chunks = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += CHUNK) {
            chunks.add(ids.subList(i, Math.min(ids.size(), i + CHUNK)));
        }
        RuntimeException failed = null;
        if (threads == 1 || chunks.size() == 1) {
            for (List<Long> chunk : chunks) {
                failed = firstNonNull(open(chunk, yielding), failed);
            }
        } else {
            Map<String, String> mdc = MDC.getCopyOfContextMap();
            List<Future<RuntimeException>> done = new ArrayList<>();
            for (List<Long> chunk : chunks) {
                done.add(openers.submit(() -> {
                    if (mdc != null) {
                        MDC.setContextMap(mdc);
                    }
                    try {
                        return open(chunk, yielding);
                    } finally {
                        MDC.clear();
                    }
                }));
            }
            for (Future<RuntimeException> f : done) {
                failed = firstNonNull(waitFor(f), failed);
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** Opens one chunk in a transaction of its own; what it failed with, or null. */
    private RuntimeException open(List<Long> chunk, boolean yielding) {
        if (yielding) {
            try {
                imports.awaitNone(YIELD_AT_MOST);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new IllegalStateException("interrupted while waiting for an import", e);
            }
        }
        try {
            cases.open(chunk); // a transaction of its own (the inline opening runs after the registration's committed)
            return null;
        } catch (RuntimeException e) {
            // this chunk rolled back; the others go on, and the next sweep retries it
            log.warn("opening cases {}..{} failed: {}", chunk.get(0), chunk.get(chunk.size() - 1), e.toString());
            return e;
        }
    }

    private static RuntimeException waitFor(Future<RuntimeException> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new IllegalStateException("interrupted while cases were being opened", e);
        } catch (ExecutionException e) {
            return e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private static RuntimeException firstNonNull(RuntimeException a, RuntimeException b) {
        return a != null ? a : b;
    }
}
