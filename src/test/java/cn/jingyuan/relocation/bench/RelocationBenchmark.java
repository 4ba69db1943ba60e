package cn.jingyuan.relocation.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariDataSource;

import cn.jingyuan.relocation.annualplan.PlanRequest;
import cn.jingyuan.relocation.annualplan.PlanService;
import cn.jingyuan.relocation.annualplan.RolloverService;
import cn.jingyuan.relocation.annualplan.StatisticsService;
import cn.jingyuan.relocation.approval.Actors;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.shared.PageRequest;
import cn.jingyuan.relocation.worklist.WorklistService;

/**
 * The benchmark of issue 7: {@code ./mvnw -Pbench verify} (see the README's "Benchmarks"). Not part of
 * {@code ./mvnw verify}: its name matches neither test pattern, and the {@code bench} profile runs it alone.
 * <p>
 * Each run starts the application on a fresh database, registers a generated county of {@code bench.households}
 * households and measures the eight workloads of the issue against their baselines measured in the same run
 * (plain JDBC for the import, a bare Camunda engine for opening and driving cases); then, once, the start-up time of
 * the embedded default, the heap workload 3 needs and history FULL against AUDIT, in child JVMs. Figures go to
 * {@code target/bench/report.md} and {@code report.json}. Nothing here asserts a timing: the report says whether
 * each target was met.
 */
class RelocationBenchmark {

    static final int YEAR = 2030;
    /** The year of the ledgers uploaded over HTTP at the end of a run (workload 1b). */
    static final int UPLOAD_YEAR = YEAR + 2;

    @Test
    void benchmark() throws Exception {
        BenchSettings s = BenchSettings.fromSystemProperties();
        Figures f = new Figures(s);
        f.noteMachine();
        System.out.println("[bench] " + s);
        if (s.startupOnly()) {
            Extras.startup(f);
            System.out.println(Files.readString(f.write(Path.of("target", "bench")).resolve("report.md")));
            return;
        }
        // a buffer pool sized for the county, as a deployment would give it (README "Production"); given back after
        BenchDatabase server = s.database(BenchSettings.APP_DB);
        long poolBefore = s.bufferPoolMb() > 0 && server.mariadb() ? server.bufferPool(s.bufferPoolMb()) : 0;
        try {
            warmUp(s);
            for (int run = 1; run <= s.runs(); run++) {
                System.out.printf("[bench] run %d of %d%n", run, s.runs());
                oneRun(s, f);
                f.endRun();
            }
            if (s.extras() && !s.importOnly()) {
                Extras.run(s, f);
            }
        } finally {
            if (poolBefore > 0) {
                server.bufferPool(poolBefore);
            }
        }
        Path dir = f.write(Path.of("target", "bench"));
        System.out.println(Files.readString(dir.resolve("report.md")));
        for (String db : List.of(BenchSettings.APP_DB, BenchSettings.BARE_DB, BenchSettings.NOOP_DB, BenchSettings.JDBC_DB,
                BenchSettings.childDb("full"), BenchSettings.childDb("audit"))) {
            s.database(db).drop();
        }
        assertThat(dir.resolve("report.json")).exists();
    }

    private static void oneRun(BenchSettings s, Figures f) throws Exception {
        BenchDatabase appDb = s.database(BenchSettings.APP_DB);
        try (BenchApp app = BenchApp.start(appDb, "full", s.clients())) {
            f.note("database", appDb.version(app.context.getBean(javax.sql.DataSource.class)));
            if (appDb.mariadb()) {
                f.note("database settings", app.jdbc.queryForMap("SELECT @@innodb_buffer_pool_size AS innodb_buffer_pool_size,"
                        + " @@innodb_flush_log_at_trx_commit AS innodb_flush_log_at_trx_commit, @@max_connections AS max_connections"));
            }
            CaseDriver driver = new CaseDriver(app.context);
            approvePlan(app, driver, YEAR, s.households());
            approvePlan(app, driver, YEAR + 1, s.households());
            approvePlan(app, driver, UPLOAD_YEAR, s.households());

            if (s.importOnly()) {
                // workload 1 alone: the import, then the baseline with the application closed (no case opening beside it)
                collectGarbage();
                BenchApp.Registration r = app.register(YEAR, s.households(), 0, false);
                f.add("import.seconds", r.importSeconds());
                f.note("people", r.people());
                uploadLedgers(app, s, f, r.people());
                app.close();
                f.add("import.baseline.seconds", jdbcBaseline(s, appDb, YEAR));
                f.add("import.http.baseline.seconds", jdbcBaseline(s, appDb, UPLOAD_YEAR));
                System.out.printf("[bench] import of %d households (%d people) %.2f s, plain JDBC %.2f s: %.2f×; uploaded %.2f s: %.2f×%n",
                        r.households(), r.people(), r.importSeconds(), f.last("import.baseline.seconds"),
                        r.importSeconds() / f.last("import.baseline.seconds"), f.last("import.http.seconds"),
                        f.last("import.http.seconds") / f.last("import.http.baseline.seconds"));
                return;
            }
            // 1 and 2: import the county, then every case opens
            collectGarbage();
            BenchApp.Registration r = app.register(YEAR, s.households(), 0, true);
            f.add("import.seconds", r.importSeconds());
            f.add("open.rate", r.households() / r.openSeconds());
            f.note("people", r.people());
            System.out.printf("[bench] imported %d households (%d people) in %.1f s; opened their cases in %.1f s%n",
                    r.households(), r.people(), r.importSeconds(), r.openSeconds());
            f.add("import.baseline.seconds", jdbcBaseline(s, appDb, YEAR));

            // 4: one township task force member's list
            WorklistService worklist = app.context.getBean(WorklistService.class);
            CurrentUser tf = app.accounts.load(BenchAccounts.taskForce("huanghua")).orElseThrow();
            long[] total = new long[1];
            List<Long> list = Figures.sample(s.listSamples(), () -> total[0] = Actors.as(app.accounts, tf.id(),
                    () -> worklist.list("all", null, null, null, new PageRequest(0, 20), tf)).total());
            f.addLatencies("tasklist", list);
            f.note("tasklist.total", total[0]);

            // 7: the year's statistics (live), on a county spread over every stage (the cases workload 3 drives excepted)
            System.out.printf("[bench] %d cases spread over the stages%n", StageSpread.spread(app, YEAR, s.drive()));
            StatisticsService statistics = app.context.getBean(StatisticsService.class);
            CurrentUser officer = app.accounts.load(BenchAccounts.OFFICER).orElseThrow();
            f.addLatencies("statistics", Figures.sample(s.statsSamples(), () -> statistics.statistics(YEAR, officer)));

            // 3 and 5: drive cases through the whole process; the leaders approve them in batches of 1,000
            List<String> cases = app.firstCases(YEAR, s.drive());
            CaseDriver.Drive d = driver.drive(YEAR, cases, s.threads());
            f.add("drive.rate", d.casesPerSecond());
            d.batchAdvanceSeconds().forEach(x -> f.add("batch.seconds", x));
            f.note("batch.size", Math.min(CaseDriver.BATCH_SIZE, cases.size()));
            f.addLatencies("drive.complete", new ArrayList<>(driver.completions));
            int tasksPerCase = Math.round((float) driver.completions.size() / cases.size());
            f.note("drive.tasksPerCase", tasksPerCase);
            System.out.printf("[bench] drove %d cases in %.1f s (%d tasks each): %.2f cases/s; batches advanced in %s s%n",
                    cases.size(), d.totalSeconds(), tasksPerCase, d.casesPerSecond(), d.batchAdvanceSeconds());

            // 2 and 3 baselines: the bare engine, same server, same run
            BenchDatabase bareDb = s.database(BenchSettings.BARE_DB);
            bareDb.recreate();
            try (HikariDataSource ds = bareDb.dataSource(); BareEngine bare = new BareEngine(ds, "full", tasksPerCase)) {
                f.add("open.baseline.rate", bare.open(Math.min(s.households(), s.baselineOpen()), 100));
                f.add("drive.baseline.rate", bare.drive(cases.size(), s.threads()));
            }
            // the second baseline: the application's case process with no-op beans and the application's engine settings
            BenchDatabase noopDb = s.database(BenchSettings.NOOP_DB);
            noopDb.recreate();
            try (HikariDataSource ds = noopDb.dataSource(); NoopCaseEngine noop = new NoopCaseEngine(ds, "full")) {
                f.add("open.noop.rate", noop.openRate(Math.min(s.households(), s.baselineOpen())));
                f.add("drive.noop.rate", noop.drive(cases.size(), s.threads()));
            }
            System.out.printf("[bench] baselines: bare engine open %.0f/s, drive %.2f/s; case BPMN with no-op beans open %.0f/s, drive %.2f/s%n",
                    f.last("open.baseline.rate"), f.last("drive.baseline.rate"), f.last("open.noop.rate"), f.last("drive.noop.rate"));

            // 8: HTTP under load
            LoadTest.Result load = LoadTest.run(app.port, s.clients(), s.loadSeconds(), loadTasks(app, s.clients()),
                    driver.fillInOf(cn.jingyuan.relocation.relocationcase.process.RelocationCaseProcess.TASK_VERIFY_HOUSEHOLD));
            f.addLoad(load);
            System.out.printf("[bench] load: %d clients, %.0f requests/s, %d errors %s%n", load.clients(), load.requestsPerSecond(),
                    load.errors(), load.sampleErrors());

            // 6: the rollover of every open case; then the next year's statistics with them carried in
            int open = app.count("SELECT COUNT(*) FROM household WHERE plan_year = ? AND closed = FALSE", YEAR);
            f.add("rollover.seconds", rollover(app, driver, officer));
            f.note("rollover.cases", open);
            f.addLatencies("statistics.next", Figures.sample(s.statsSamples(), () -> statistics.statistics(YEAR + 1, officer)));

            // 1b: the county's ledgers again (another year, other people), uploaded as the county does it
            uploadLedgers(app, s, f, r.people());
        }
        // its baseline with the application closed: the uploaded cases' opening does not compete with it
        f.add("import.http.baseline.seconds", jdbcBaseline(s, appDb, UPLOAD_YEAR));
        System.out.printf("[bench] uploaded ledgers: imported in %.2f s (answered in %.2f s), plain JDBC of their rows %.2f s: %.2f×%n",
                f.last("import.http.seconds"), f.last("import.http.answered.seconds"), f.last("import.http.baseline.seconds"),
                f.last("import.http.seconds") / f.last("import.http.baseline.seconds"));
    }

    /**
     * Workload 1 as the county does it: a ledger per township uploaded over HTTP, for {@link #UPLOAD_YEAR} and people
     * numbered after the county's; checks every household was registered.
     */
    private static void uploadLedgers(BenchApp app, BenchSettings s, Figures f, int personOffset) throws Exception {
        GeneratedCounty.Ledgers ledgers = GeneratedCounty.generate(UPLOAD_YEAR, s.households(), personOffset);
        collectGarbage();
        HttpImport.Result h = HttpImport.run(app, ledgers.files());
        int registered = app.count("SELECT COUNT(*) FROM household WHERE origin_year = ?", UPLOAD_YEAR);
        if (h.households() != s.households() || registered != s.households()) {
            throw new IllegalStateException("uploads answered " + h.households() + " households imported, " + registered + " registered, "
                    + s.households() + " generated");
        }
        f.add("import.http.seconds", h.importSeconds());
        f.add("import.http.answered.seconds", h.answeredSeconds());
    }

    /**
     * Untimed, before run 1: a small county once through the import (and its plain-JDBC baseline), the opening and
     * the whole process, on a database dropped again by run 1. Without it run 1's application figures alone were
     * taken on a JIT-cold JVM while its baselines ran after them on driver and engine code the application had
     * warmed (10,000 households: the import 3.4 s in run 1 against 2.7 s and 2.5 s in runs 2 and 3, its baseline
     * 1.5-1.7 s in all three).
     */
    private static void warmUp(BenchSettings s) throws Exception {
        if (s.warmUp() <= 0) {
            return;
        }
        int households = Math.min(s.warmUp(), s.households());
        System.out.printf("[bench] warm-up (untimed): %d households imported and opened, %d of them driven through%n", households,
                Math.min(households, 100));
        BenchDatabase appDb = s.database(BenchSettings.APP_DB);
        try (BenchApp app = BenchApp.start(appDb, "full", s.clients())) {
            CaseDriver driver = new CaseDriver(app.context);
            approvePlan(app, driver, YEAR, households);
            app.register(YEAR, households, 0, true);
            jdbcBaseline(s, appDb, YEAR);
            driver.drive(YEAR, app.firstCases(YEAR, Math.min(households, 100)), s.threads());
        }
    }

    /**
     * A full collection before a timed import or its baseline, as JMH does before each iteration. The import of run 2
     * once took 4.5 s against 2.3-2.5 s in runs 1 and 3 (10,000 households, same code, after the warm-up); the cause
     * was not found (InnoDB had no purge or flush backlog when run 3's import started, polled every 0.5 s), and a heap
     * still holding the closed previous run's application is one suspect this removes.
     */
    private static void collectGarbage() {
        System.gc();
    }

    /** The officer drafts the year's plan (targets spread over the townships), the deputy approves it. */
    private static void approvePlan(BenchApp app, CaseDriver driver, int year, int households) {
        List<PlanRequest.TargetRequest> targets = new ArrayList<>();
        for (String t : GeneratedCounty.TOWNSHIPS) {
            targets.add(new PlanRequest.TargetRequest(t, households / 7, households / 2));
        }
        CurrentUser officer = app.accounts.load(BenchAccounts.OFFICER).orElseThrow();
        Actors.run(app.accounts, BenchAccounts.OFFICER,
                () -> app.context.getBean(PlanService.class).create(new PlanRequest(year, targets, "基准测试"), officer));
        for (Task t : app.context.getBean(TaskService.class).createTaskQuery().taskDefinitionKey("Task_ApprovePlan").list()) {
            driver.complete(t, BenchAccounts.DEPUTY);
        }
    }

    /** The import's rows again, inserted with plain JDBC into the same tables of a database of their own; seconds. */
    private static double jdbcBaseline(BenchSettings s, BenchDatabase appDb, int year) throws Exception {
        BenchDatabase jdbcDb = s.database(BenchSettings.JDBC_DB);
        jdbcDb.recreate();
        try (HikariDataSource from = appDb.dataSource(); HikariDataSource to = jdbcDb.dataSource()) {
            JdbcBaseline.prepare(from, to);
            JdbcBaseline.Rows households = JdbcBaseline.read(from, "household", "origin_year = ?", year);
            JdbcBaseline.Rows members = JdbcBaseline.read(from, "member", "household_id IN (SELECT id FROM household WHERE origin_year = ?)", year);
            collectGarbage();
            return JdbcBaseline.insert(to, List.of(households, members));
        }
    }

    /** Each client's own identification tasks, from its township's open ones. */
    private static List<Deque<String>> loadTasks(BenchApp app, int clients) {
        List<Deque<String>> queues = LoadTest.queues(clients);
        for (int t = 0; t < GeneratedCounty.SLUGS.length; t++) {
            List<String> ids = app.jdbc.queryForList("SELECT t.ID_ FROM ACT_RU_TASK t JOIN ACT_RU_IDENTITYLINK i ON i.TASK_ID_ = t.ID_"
                    + " WHERE i.TYPE_ = 'candidate' AND i.GROUP_ID_ = ? AND t.TASK_DEF_KEY_ = 'Task_VerifyHousehold' AND t.ASSIGNEE_ IS NULL",
                    String.class, "tf-" + GeneratedCounty.SLUGS[t]);
            List<Integer> mine = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                if (c % GeneratedCounty.SLUGS.length == t) {
                    mine.add(c);
                }
            }
            for (int k = 0; k < ids.size() && !mine.isEmpty(); k++) {
                queues.get(mine.get(k % mine.size())).add(ids.get(k));
            }
        }
        return queues;
    }

    /** The officer proposes the rollover, the deputy confirms it; seconds from the confirmation to the rollover done. */
    private static double rollover(BenchApp app, CaseDriver driver, CurrentUser officer) throws InterruptedException {
        Actors.run(app.accounts, officer.id(), () -> app.context.getBean(RolloverService.class).propose(YEAR, null, officer));
        Task confirm = app.context.getBean(TaskService.class).createTaskQuery().taskDefinitionKey("Task_ConfirmRollover").singleResult();
        long start = System.nanoTime();
        driver.complete(confirm, BenchAccounts.DEPUTY);
        while (!"DONE".equals(app.jdbc.queryForObject("SELECT MAX(status) FROM rollover WHERE from_year = ?", String.class, YEAR))) {
            if (System.nanoTime() - start > 1_800_000_000_000L) {
                throw new IllegalStateException("the rollover did not finish in 30 minutes");
            }
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int left = app.count("SELECT COUNT(*) FROM household WHERE plan_year = ? AND closed = FALSE", YEAR);
        if (left != 0) {
            throw new IllegalStateException(left + " open cases left in " + YEAR + " after the rollover");
        }
        return seconds;
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
