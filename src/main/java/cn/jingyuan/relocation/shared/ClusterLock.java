package cn.jingyuan.relocation.shared;

import java.lang.management.ManagementFactory;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Named locks shared by every node on the database (table {@code cluster_lock}, rows created by the migration):
 * leases for work that takes longer than one transaction ({@link #tryLease} / {@link #release}), taken with one
 * conditional {@code UPDATE} (so two nodes can never both take one), given back when done, and lost by a node that
 * dies once its time runs out.
 */
@Component
public class ClusterLock {

    private static final Logger log = LoggerFactory.getLogger(ClusterLock.class);

    /** This node, as it appears in {@code cluster_lock.holder}: host name, process id, and a random part. */
    public static final String NODE = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);

    private final JdbcTemplate jdbc;
    private final Clock clock;

    ClusterLock(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Takes the lease {@code name} for {@code duration} unless another node holds it; true when this node has it now. */
    public boolean tryLease(String name, Duration duration) {
        Instant now = clock.instant();
        int n = jdbc.update("UPDATE cluster_lock SET holder = ?, locked_until = ? WHERE name = ?"
                        + " AND (holder IS NULL OR holder = ? OR locked_until < ?)",
                NODE, Timestamp.from(now.plus(duration)), name, NODE, Timestamp.from(now));
        return n == 1;
    }

    /** Waits (polling) until this node holds the lease {@code name}; false when {@code patience} ran out first. */
    public boolean lease(String name, Duration duration, Duration patience) throws InterruptedException {
        long until = System.nanoTime() + patience.toNanos();
        boolean told = false;
        while (!tryLease(name, duration)) {
            if (System.nanoTime() > until) {
                return false;
            }
            if (!told) {
                log.info("waiting for the cluster lock {} (held by {})", name,
                        jdbc.queryForObject("SELECT holder FROM cluster_lock WHERE name = ?", String.class, name));
                told = true;
            }
            Thread.sleep(500);
        }
        return true;
    }

    /**
     * Takes a lease on a name made up at run time (one per ledger content, say): the row is created when missing and
     * removed again by {@link #releaseAndForget}. True when this node holds it now.
     */
    public boolean tryLeaseCreating(String name, Duration duration) {
        if (jdbc.queryForList("SELECT name FROM cluster_lock WHERE name = ?", String.class, name).isEmpty()) {
            try {
                jdbc.update("INSERT INTO cluster_lock (name) VALUES (?)", name);
            } catch (org.springframework.dao.DuplicateKeyException raced) {
                // another node created it a moment ago: the conditional update below decides who holds it
            }
        }
        return tryLease(name, duration);
    }

    /** Gives back and removes a lease taken with {@link #tryLeaseCreating}. */
    public void releaseAndForget(String name) {
        jdbc.update("DELETE FROM cluster_lock WHERE name = ? AND holder = ?", name, NODE);
    }

    /** Gives the lease back (if this node still holds it). */
    public void release(String name) {
        jdbc.update("UPDATE cluster_lock SET holder = NULL, locked_until = NULL WHERE name = ? AND holder = ?", name, NODE);
    }
}
