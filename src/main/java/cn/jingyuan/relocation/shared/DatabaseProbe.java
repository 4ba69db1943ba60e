package cn.jingyuan.relocation.shared;

import java.sql.Connection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Asks the database, within a few seconds, whether it answers: used only when a request failed in a way that is not
 * recognisably the database's (see {@link DatabaseUnavailable#isOrDatabaseDown}), to tell "the database is out of
 * reach" (503) from a bug (500). The answer is kept for a second so a burst of failures asks once.
 */
@Component
class DatabaseProbe {

    private static final Logger log = LoggerFactory.getLogger(DatabaseProbe.class);
    private static final long KEEP_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final DataSource dataSource;
    private final ExecutorService asker = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "database-probe");
        t.setDaemon(true);
        return t;
    });
    private volatile long askedAt;
    private volatile boolean answered = true;

    private final java.util.function.BooleanSupplier registered = this::answers;

    DatabaseProbe(DataSource dataSource) {
        this.dataSource = dataSource;
        DatabaseUnavailable.answersNow = registered;
    }

    @jakarta.annotation.PreDestroy
    void closed() {
        if (DatabaseUnavailable.answersNow == registered) {
            DatabaseUnavailable.answersNow = null;
        }
        asker.shutdownNow();
    }

    boolean answers() {
        long now = System.nanoTime();
        if (askedAt != 0 && now - askedAt < KEEP_NANOS) {
            return answered;
        }
        boolean ok;
        try {
            ok = CompletableFuture.supplyAsync(() -> {
                try (Connection c = dataSource.getConnection()) {
                    return c.isValid(2);
                } catch (Exception e) {
                    return false;
                }
            }, asker).get(3, TimeUnit.SECONDS);
        } catch (Exception e) {
            ok = false;
        }
        if (!ok) {
            log.warn("the database does not answer");
        }
        answered = ok;
        askedAt = System.nanoTime();
        return ok;
    }
}
