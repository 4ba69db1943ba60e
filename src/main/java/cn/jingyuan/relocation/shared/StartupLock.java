package cn.jingyuan.relocation.shared;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Several nodes starting together on an empty MySQL/MariaDB database take turns: the first to get the server's
 * named lock {@value #NAME} creates the engine's tables, deploys, sets up the groups, grants, accounts and demo data;
 * the others wait for it and then find everything in place. Taken when the process engine begins to build (a
 * plugin) and given back when the last start-up runner is done (or start-up failed); the server frees it by itself
 * when a node dies with it. H2 is one node's own database: nothing to take there.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class StartupLock extends AbstractProcessEnginePlugin implements ApplicationRunner {

    static final String NAME = "relocation.startup";
    private static final int ROUND_SECONDS = 20;
    private static final Logger log = LoggerFactory.getLogger(StartupLock.class);

    private final DataSource dataSource;
    private final int waitSeconds;
    private Connection held;
    /** {@value #NAME} and the database's name: two databases on one server do not wait for each other. */
    private String name;

    StartupLock(DataSource dataSource, @Value("${relocation.startup.lock-wait:PT15M}") java.time.Duration wait) {
        this.dataSource = dataSource;
        this.waitSeconds = (int) wait.toSeconds();
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        acquire();
    }

    synchronized void acquire() {
        if (held != null) {
            return;
        }
        try {
            Connection c = dataSource.getConnection();
            String product = c.getMetaData().getDatabaseProductName().toLowerCase();
            if (!product.contains("mysql") && !product.contains("mariadb")) {
                c.close();
                return;
            }
            name = NAME + "." + c.getCatalog();
            long t0 = System.nanoTime();
            long deadline = t0 + waitSeconds * 1_000_000_000L;
            boolean taken = false;
            // in rounds shorter than any socket timeout on the URL, until the patience runs out
            while (!taken && System.nanoTime() < deadline) {
                try (PreparedStatement s = c.prepareStatement("SELECT GET_LOCK(?, ?)")) {
                    s.setString(1, name);
                    s.setInt(2, ROUND_SECONDS);
                    try (ResultSet rs = s.executeQuery()) {
                        // 1: taken; 0: another node still holds it after the round; NULL: an error
                        if (!rs.next() || rs.getObject(1) == null) {
                            c.close();
                            throw new IllegalStateException("GET_LOCK(" + name + ") failed");
                        }
                        taken = rs.getInt(1) == 1;
                    }
                }
            }
            if (!taken) {
                c.close();
                throw new IllegalStateException("another node has been starting for more than " + waitSeconds
                        + " s (database lock " + name + "); see relocation.startup.lock-wait");
            }
            long waited = (System.nanoTime() - t0) / 1_000_000;
            if (waited > 1000) {
                log.info("waited {} ms for another node to finish starting", waited);
            }
            held = c;
        } catch (SQLException e) {
            throw new IllegalStateException("could not take the start-up lock", e);
        }
    }

    /** The last start-up runner: everything is set up, the next node may go on. */
    @Override
    public void run(ApplicationArguments args) {
        release();
    }

    @EventListener(ApplicationFailedEvent.class)
    void failed() {
        release();
    }

    synchronized void release() {
        if (held == null) {
            return;
        }
        try (Connection c = held) {
            try (PreparedStatement s = c.prepareStatement("SELECT RELEASE_LOCK(?)")) {
                s.setString(1, name);
                s.execute();
            }
        } catch (SQLException e) {
            log.warn("could not give back the start-up lock (the server frees it with the connection): {}", e.toString());
        } finally {
            held = null;
        }
    }

    @Override
    public void postProcessEngineBuild(ProcessEngine processEngine) {
        // held on until the start-up runners are done
    }
}
