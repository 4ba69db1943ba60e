package cn.jingyuan.relocation.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.boot.SpringBootVersion;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The figures of all runs, their medians and spreads, and the report written from them. */
final class Figures {

    private final BenchSettings settings;
    private final Map<String, List<Double>> values = new LinkedHashMap<>();
    private final Map<String, Object> notes = new LinkedHashMap<>();
    private final List<String> loadAverages = new ArrayList<>();
    final Map<String, Object> extras = new LinkedHashMap<>();

    Figures(BenchSettings settings) {
        this.settings = settings;
    }

    /** The figure most recently added under {@code key}. */
    double last(String key) {
        List<Double> v = values.get(key);
        return v.get(v.size() - 1);
    }

    List<Double> all(String key) {
        return values.getOrDefault(key, List.of());
    }

    void add(String key, double value) {
        values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }

    void note(String key, Object value) {
        notes.put(key, value);
    }

    /** p50 and p95 (ms) of these durations (ns). */
    void addLatencies(String key, List<Long> nanos) {
        add(key + ".p50", percentile(nanos, 50));
        add(key + ".p95", percentile(nanos, 95));
    }

    void addLoad(LoadTest.Result r) {
        add("load.list.p50", percentile(r.listNanos(), 50));
        add("load.list.p95", percentile(r.listNanos(), 95));
        add("load.list.p99", percentile(r.listNanos(), 99));
        add("load.complete.p50", percentile(r.completeNanos(), 50));
        add("load.complete.p95", percentile(r.completeNanos(), 95));
        add("load.complete.p99", percentile(r.completeNanos(), 99));
        add("load.requests-per-second", r.requestsPerSecond());
        add("load.requests", r.listNanos().size() + r.completeNanos().size());
        add("load.errors", r.errors());
        if (!r.sampleErrors().isEmpty()) {
            note("load.sample-errors", r.sampleErrors());
        }
    }

    /** Runs {@code call} a few times to warm up, then {@code n} times timed; durations in ns. */
    static List<Long> sample(int n, Supplier<?> call) {
        for (int i = 0; i < Math.max(3, n / 10); i++) {
            call.get();
        }
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            call.get();
            out.add(System.nanoTime() - t0);
        }
        return out;
    }

    static double percentile(List<Long> nanos, double p) {
        if (nanos.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))) / 1e6;
    }

    static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        int n = s.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    void noteMachine() {
        note("cores", Runtime.getRuntime().availableProcessors());
        note("cpu", firstLine("/proc/cpuinfo", "model name"));
        note("memory", firstLine("/proc/meminfo", "MemTotal"));
        note("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        note("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        note("heap", Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB (-Xmx of the benchmark JVM)");
        note("camunda", org.camunda.bpm.engine.ProcessEngine.class.getPackage().getImplementationVersion());
        note("spring-boot", SpringBootVersion.getVersion());
        note("jvm-args", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        loadAverages.add(loadAverage());
    }

    void endRun() {
        loadAverages.add(loadAverage());
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String firstLine(String file, String prefix) {
        try {
            return Files.readAllLines(Path.of(file)).stream().filter(l -> l.startsWith(prefix)).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private String fmt(String key, String format) {
        List<Double> v = values.get(key);
        return v == null || v.isEmpty() ? "–" : String.format(Locale.ROOT, format, median(v));
    }

    private String spread(String key, String format) {
        List<Double> v = values.get(key);
        if (v == null || v.isEmpty()) {
            return "–";
        }
        return String.format(Locale.ROOT, format + " – " + format, Collections.min(v), Collections.max(v));
    }

    private double m(String key) {
        List<Double> v = values.get(key);
        return v == null ? Double.NaN : median(v);
    }

    /** Whether a target was met, or null (shown as –) when its figure was not measured (an import-only run). */
    private Boolean judged(String key, boolean met) {
        return values.containsKey(key) ? met : null;
    }

    private static String yes(Boolean met) {
        return met == null ? "–" : met ? "**yes**" : "no";
    }

    Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        int n = settings.households();
        List<Map<String, Object>> rows = new ArrayList<>();
        double importRatio = m("import.seconds") / m("import.baseline.seconds");
        rows.add(row(1, "import a generated " + n + "-household ledger (" + notes.get("people") + " people)",
                fmt("import.seconds", "%.1f s"), spread("import.seconds", "%.1f"), fmt("import.baseline.seconds", "%.1f s") + " (plain JDBC)",
                String.format(Locale.ROOT, "%.2f× the time", importRatio), "≤ 1.5× baseline",
                importRatio <= 1.5));
        if (values.containsKey("import.http.seconds")) {
            double httpRatio = m("import.http.seconds") / m("import.http.baseline.seconds");
            rows.add(row("1b", "the same county's ledgers as the county uploads them: one POST /api/households/import per township file ("
                            + GeneratedCounty.TOWNSHIPS.length + "), the officer over HTTP Basic, on the run's filled database; each request"
                            + " to its import's commit, added up (the last answer after " + fmt("import.http.answered.seconds", "%.1f s")
                            + ": ledgers of up to 2,000 households open their cases before answering)",
                    fmt("import.http.seconds", "%.1f s"), spread("import.http.seconds", "%.1f"),
                    fmt("import.http.baseline.seconds", "%.1f s") + " (plain JDBC of those rows)", String.format(Locale.ROOT, "%.2f× the time", httpRatio),
                    "≤ 1.5× baseline (the import's)", httpRatio <= 1.5));
        }
        double openRatio = m("open.rate") / m("open.baseline.rate");
        rows.add(row(2, "open " + n + " cases", fmt("open.rate", "%.0f cases/s"), spread("open.rate", "%.0f"),
                fmt("open.baseline.rate", "%.0f/s") + " (bare engine, one-task process); " + fmt("open.noop.rate", "%.0f/s")
                        + " (case BPMN, no-op beans)", String.format(Locale.ROOT, "%.2f× the rate; %.2f×", openRatio, m("open.rate") / m("open.noop.rate")),
                "≥ 0.7× baseline", judged("open.rate", openRatio >= 0.7)));
        double driveRatio = m("drive.rate") / m("drive.baseline.rate");
        rows.add(row(3, "drive " + settings.drive() + " cases through the whole process (" + notes.get("drive.tasksPerCase") + " user tasks each)",
                fmt("drive.rate", "%.2f cases/s"), spread("drive.rate", "%.2f"),
                fmt("drive.baseline.rate", "%.2f/s") + " (bare engine, " + notes.get("drive.tasksPerCase") + " user tasks); "
                        + fmt("drive.noop.rate", "%.2f/s") + " (case BPMN, no-op beans)",
                String.format(Locale.ROOT, "%.2f× the rate; %.2f×", driveRatio, m("drive.rate") / m("drive.noop.rate")), "≥ 0.6× baseline",
                judged("drive.rate", driveRatio >= 0.6)));
        double reference = settings.completionReferenceMs();
        rows.add(row("3a", "one completion (WorklistService.complete) while driving, " + settings.threads() + " threads",
                "p50 " + fmt("drive.complete.p50", "%.0f ms") + ", p95 " + fmt("drive.complete.p95", "%.0f ms"),
                spread("drive.complete.p50", "%.0f") + " (p50)", Double.isNaN(reference) ? "–" : String.format(Locale.ROOT,
                        "%.0f ms (bench.completion-reference-ms: the p50 of a 10,000-household run)", reference),
                Double.isNaN(reference) ? "–" : String.format(Locale.ROOT, "%.2f×", m("drive.complete.p50") / reference),
                "at 100,000 households ≤ 1.3× the 10,000 p50", Double.isNaN(reference) ? null : judged("drive.complete.p50", m("drive.complete.p50") <= 1.3 * reference)));
        rows.add(row(4, "task list of one township user (" + notes.get("tasklist.total") + " tasks of " + n + " open cases)",
                "p50 " + fmt("tasklist.p50", "%.1f ms") + ", p95 " + fmt("tasklist.p95", "%.1f ms"), spread("tasklist.p95", "%.1f") + " (p95)",
                "–", "–", "p95 ≤ 50 ms", judged("tasklist.p95", m("tasklist.p95") <= 50)));
        rows.add(row(5, "approve a batch of " + notes.get("batch.size") + " cases: final approval to the last case advanced",
                fmt("batch.seconds", "%.1f s"), spread("batch.seconds", "%.1f"), "–", "–", "≤ 5 s", judged("batch.seconds", m("batch.seconds") <= 5)));
        rows.add(row(6, "roll over " + notes.get("rollover.cases") + " open cases", fmt("rollover.seconds", "%.1f s"),
                spread("rollover.seconds", "%.1f"), "–", "–", "< 60 s", judged("rollover.seconds", m("rollover.seconds") < 60)));
        rows.add(row(7, "a year's statistics over " + n + " cases", "p50 " + fmt("statistics.p50", "%.0f ms") + ", p95 "
                + fmt("statistics.p95", "%.0f ms"), spread("statistics.p95", "%.0f") + " (p95)", "–", "–", "p50 ≤ 50 ms",
                judged("statistics.p50", m("statistics.p50") <= 50)));
        rows.add(row(8, settings.clients() + " clients, GET /api/tasks + POST complete, " + settings.loadSeconds() + " s",
                "list p95 " + fmt("load.list.p95", "%.0f ms") + ", complete p95 " + fmt("load.complete.p95", "%.0f ms") + ", "
                        + fmt("load.requests-per-second", "%.0f req/s") + ", " + fmt("load.errors", "%.0f") + " errors",
                spread("load.list.p95", "%.0f") + " (list p95)", "–", "–", "≥ 250 req/s, p95 ≤ 300 ms, 0 errors",
                judged("load.requests-per-second", m("load.requests-per-second") >= 250 && m("load.list.p95") <= 300
                        && m("load.complete.p95") <= 300 && m("load.errors") == 0)));

        StringBuilder md = new StringBuilder();
        md.append("# Benchmark report\n\n");
        md.append(String.format(Locale.ROOT, "%d run(s) on %s, %d households, each run on a fresh database; figures are medians over"
                + " the runs, spread is min – max.%n%n", settings.runs(), settings.kind(), n));
        md.append("| # | workload | figure | spread | baseline (same run) | ratio | target (issue 14) | met |\n|---|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> r : rows) {
            md.append("| ").append(r.get("no")).append(" | ").append(r.get("workload")).append(" | ").append(r.get("figure")).append(" | ")
                    .append(r.get("spread")).append(" | ").append(r.get("baseline")).append(" | ").append(r.get("ratio")).append(" | ")
                    .append(r.get("target")).append(" | ").append(yes((Boolean) r.get("met"))).append(" |\n");
        }
        md.append("\n## Details\n\n");
        md.append(String.format(Locale.ROOT, "- WorklistService.complete while driving (%d threads): p50 %s, p95 %s%n", settings.threads(),
                fmt("drive.complete.p50", "%.0f ms"), fmt("drive.complete.p95", "%.0f ms")));
        md.append(String.format(Locale.ROOT, "- load test: list p50 %s / p99 %s, complete p50 %s / p99 %s, %s requests in all%n",
                fmt("load.list.p50", "%.0f ms"), fmt("load.list.p99", "%.0f ms"), fmt("load.complete.p50", "%.0f ms"),
                fmt("load.complete.p99", "%.0f ms"), fmt("load.requests", "%.0f")));
        if (notes.containsKey("load.sample-errors")) {
            md.append("- load test errors (sample): ").append(notes.get("load.sample-errors")).append('\n');
        }
        md.append(String.format(Locale.ROOT, "- statistics of %d with the open cases carried in: p50 %s, p95 %s%n", RelocationBenchmark.YEAR + 1,
                fmt("statistics.next.p50", "%.0f ms"), fmt("statistics.next.p95", "%.0f ms")));
        for (Map.Entry<String, Object> e : extras.entrySet()) {
            md.append("- ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
        }
        md.append("\n## Machine\n\n");
        for (String k : List.of("cpu", "cores", "memory", "os", "java", "heap", "jvm-args", "database", "database settings", "camunda", "spring-boot")) {
            md.append("- ").append(k).append(": ").append(notes.get(k)).append('\n');
        }
        md.append("- load average (1/5/15 min) at the start and after each run: ").append(String.join(" | ", loadAverages)).append('\n');
        md.append("- settings: ").append(settings).append('\n');
        Files.writeString(dir.resolve("report.md"), md.toString());

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("settings", settings);
        json.put("machine", notes);
        json.put("loadAverages", loadAverages);
        json.put("workloads", rows);
        Map<String, Object> all = new LinkedHashMap<>();
        values.forEach((k, v) -> all.put(k, Map.of("median", median(v), "min", Collections.min(v), "max", Collections.max(v), "runs", v)));
        json.put("figures", all);
        json.put("extras", extras);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("report.json").toFile(), json);
        return dir;
    }

    private static Map<String, Object> row(Object no, String workload, String figure, String spread, String baseline, String ratio,
                                           String target, Boolean met) {
        return RelocationBenchmark.map("no", no, "workload", workload, "figure", figure, "spread", spread, "baseline", baseline,
                "ratio", ratio, "target", target, "met", met);
    }
}
