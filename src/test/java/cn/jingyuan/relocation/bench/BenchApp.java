package cn.jingyuan.relocation.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.IdentityService;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import cn.jingyuan.relocation.RelocationApplication;
import cn.jingyuan.relocation.approval.Actors;
import cn.jingyuan.relocation.household.LedgerService;
import cn.jingyuan.relocation.security.AccountDirectory;

/**
 * The application as it runs in production (web server, job executor, authorizations, history FULL unless told
 * otherwise) on a fresh benchmark database, without demo data, with the benchmark's working group.
 */
final class BenchApp implements AutoCloseable {

    final ConfigurableApplicationContext context;
    final JdbcTemplate jdbc;
    final AccountDirectory accounts;
    final TransactionTemplate tx;
    final int port;

    private BenchApp(ConfigurableApplicationContext context) {
        this.context = context;
        this.jdbc = context.getBean(JdbcTemplate.class);
        this.accounts = context.getBean(AccountDirectory.class);
        this.tx = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
        this.port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port", "0"));
    }

    static BenchApp start(BenchDatabase db, String historyLevel, int clients) {
        return start(db, historyLevel, clients, true);
    }

    /** {@code fresh}: on an empty database; otherwise on the one a previous application left (same history level). */
    static BenchApp start(BenchDatabase db, String historyLevel, int clients, boolean fresh) {
        if (fresh) {
            db.recreate();
        }
        Map<String, Object> p = new LinkedHashMap<>(db.applicationProperties());
        p.put("server.port", "0");
        p.put("relocation.demo.enabled", "false");
        p.put("camunda.bpm.history-level", historyLevel);
        p.put("spring.main.banner-mode", "off");
        p.put("logging.level.root", "WARN");
        p.put("logging.level.cn.jingyuan.relocation.bench", "INFO");
        // as command-line arguments: they outrank application.yml (default properties would not)
        String[] args = p.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(RelocationApplication.class).run(args);
        BenchAccounts.create(context.getBean(IdentityService.class), clients);
        return new BenchApp(context);
    }

    /** What registering the county took: the import (one transaction) and the opening of every case after it. */
    record Registration(int households, int people, double importSeconds, double openSeconds) {
    }

    /**
     * Imports the generated county's ledgers (one per township) in one transaction as the county officer, then (if
     * {@code waitForCases}) waits until the case opener has opened every case (it starts when the import commits).
     */
    Registration register(int year, int households, int personOffset, boolean waitForCases) throws InterruptedException {
        GeneratedCounty.Ledgers ledgers = GeneratedCounty.generate(year, households, personOffset);
        LedgerService service = context.getBean(LedgerService.class);
        long start = System.nanoTime();
        long[] committed = new long[1];
        Runnable importAll = () -> tx.executeWithoutResult(s -> Actors.run(accounts, BenchAccounts.OFFICER, () -> {
            // the import ends when it commits; the case opener starts right after (inline for small ledgers)
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public int getOrder() {
                    return Ordered.HIGHEST_PRECEDENCE;
                }

                @Override
                public void afterCommit() {
                    synchronized (committed) {
                        committed[0] = System.nanoTime();
                        committed.notifyAll();
                    }
                }
            });
            for (byte[] file : ledgers.files()) {
                service.importLedger(file, accounts.load(BenchAccounts.OFFICER).orElseThrow());
            }
        }));
        if (waitForCases) {
            importAll.run();
        } else {
            // the import alone: its thread goes on to open cases inline after the commit; the caller closes the
            // application instead of waiting for them
            Thread importer = new Thread(importAll, "bench-import");
            importer.setDaemon(true);
            importer.start();
            synchronized (committed) {
                while (committed[0] == 0 && importer.isAlive()) {
                    committed.wait(100);
                }
            }
            if (committed[0] == 0) {
                throw new IllegalStateException("the import did not commit");
            }
        }
        long imported = committed[0];
        int registered = count("SELECT COUNT(*) FROM household WHERE origin_year = ?", year);
        if (registered != households) {
            throw new IllegalStateException(registered + " households registered, " + households + " generated");
        }
        if (!waitForCases) {
            return new Registration(households, ledgers.people(), (imported - start) / 1e9, Double.NaN);
        }
        long deadline = imported + (600L + households / 10) * 1_000_000_000L;
        while (count("SELECT COUNT(*) FROM household WHERE origin_year = ? AND process_instance_id IS NULL", year) > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("cases of " + year + " still not open");
            }
            Thread.sleep(100);
        }
        long opened = System.nanoTime();
        return new Registration(households, ledgers.people(), (imported - start) / 1e9, (opened - imported) / 1e9);
    }

    /** The process instances of the year's first {@code n} households (by id: every township in turn). */
    List<String> firstCases(int year, int n) {
        return cases(year, 0, n);
    }

    /** The cases of {@code year}'s households {@code from} to {@code from + n - 1} in the order they were registered. */
    List<String> cases(int year, int from, int n) {
        List<String> ids = jdbc.queryForList("SELECT process_instance_id FROM household WHERE origin_year = ? ORDER BY id LIMIT ? OFFSET ?",
                String.class, year, n, from);
        if (ids.size() < n || ids.contains(null)) {
            throw new IllegalStateException("cases " + from + " to " + (from + n - 1) + " of " + year + " not all open");
        }
        return ids;
    }

    int count(String sql, Object... args) {
        Integer n = jdbc.queryForObject(sql, Integer.class, args);
        return n == null ? 0 : n;
    }

    @Override
    public void close() {
        context.close();
    }
}
