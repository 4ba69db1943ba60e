package cn.jingyuan.relocation.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The figures measured once, in child JVMs: start-up of the embedded default; the heap workload 3 needs and history
 * FULL against AUDIT, both on counties of the benchmark's size.
 */
final class Extras {

    private static final Path DIR = Path.of("target", "bench").toAbsolutePath();
    private static final Pattern CHILD = Pattern.compile("BENCH-CHILD rate=([0-9.]+) seconds=([0-9.]+) peakHeapMb=([0-9]+)");
    private static final Pattern FILL = Pattern.compile("BENCH-FILL seconds=([0-9.]+)");

    /** FULL against AUDIT: child runs of each, taken in turn. */
    static final int HISTORY_RUNS = 3;

    private Extras() {
    }

    /** Whatever fails here is written into the report instead of the figure: the runs' figures are not lost with it. */
    static void run(BenchSettings s, Figures f) {
        try {
            startup(f);
        } catch (Exception e) {
            f.extras.put("start-up of the embedded default", "not measured: " + e);
        }
        try {
            counties(s, f);
        } catch (Exception e) {
            f.extras.put("heap and history level on counties of " + s.households() + " households", "not measured: " + e);
        }
    }

    private static void counties(BenchSettings s, Figures f) throws Exception {
        // workload 3's children drive cases of a county of the benchmark's size, not of an empty database: one county
        // per history level, filled once by a child of its own (not timed), each child driving cases none drove before
        int size = Math.max(s.households(), s.childCases() * (s.heaps().size() + HISTORY_RUNS));
        County full = County.fill(s, "full", size);
        County audit = County.fill(s, "audit", size);
        f.extras.put("counties the child JVMs drive cases of", String.format(Locale.ROOT,
                "%d households each, every case opened: history FULL (filled in %.0f s), AUDIT (filled in %.0f s)", size,
                full.fillSeconds(), audit.fillSeconds()));
        heap(s, f, full);
        history(s, f, full, audit);
    }

    /** A database holding a county of {@code households} households with every case open, at one history level. */
    record County(String database, String history, int households, double fillSeconds) {

        static County fill(BenchSettings s, String history, int households) throws Exception {
            String database = BenchSettings.childDb(history);
            Path log = DIR.resolve("fill-" + history + ".log");
            System.out.printf("[bench] child JVM: filling a county of %d households, history %s%n", households, history);
            Process p = new ProcessBuilder(java(), "-Xmx4g", "-cp", System.getProperty("java.class.path"), BenchChild.class.getName(), "fill",
                    s.kind(), s.host(), database, history, String.valueOf(households)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(120, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("filling the " + history + " county took over two hours (see " + log + ")");
            }
            Matcher m = FILL.matcher(Files.readString(log));
            if (p.exitValue() != 0 || !m.find()) {
                throw new IllegalStateException("filling the " + history + " county failed (see " + log + ")");
            }
            return new County(database, history, households, Double.parseDouble(m.group(1)));
        }
    }

    /**
     * The embedded default started in an empty folder (cold: H2 created, demo data loaded) and again on that folder
     * (warm), two ways: plain {@code java -cp … RelocationApplication}, and as the README's first command,
     * {@code ./mvnw spring-boot:run}, starts it: the Spring Boot plugin forks the application with
     * {@code -XX:TieredStopAtLevel=1} (its {@code optimizedLaunch}, on by default). Maven's own start before the fork
     * is not counted.
     */
    static void startup(Figures f) throws Exception {
        Path root = DIR.resolve("startup");
        deleteTree(root);
        Files.createDirectories(root);
        List<String> plain = new ArrayList<>();
        List<String> run = new ArrayList<>();
        for (String kind : List.of("cold", "warm")) {
            // taken in turn, so a slower minute of the machine does not fall on one way only
            plain.add(startOnce(f, root.resolve("java"), kind, "startup." + kind + ".seconds", List.of()));
            run.add(startOnce(f, root.resolve("spring-boot-run"), kind, "startup.run." + kind + ".seconds", List.of("-XX:TieredStopAtLevel=1")));
        }
        f.extras.put("start-up of the embedded default to the first answer on / (JVM start included; cold = empty ./data, demo data"
                + " loaded; warm = again on that data), java -cp", String.join(", ", plain));
        f.extras.put("the same as ./mvnw spring-boot:run forks it (-XX:TieredStopAtLevel=1; Maven's own start not counted)",
                String.join(", ", run));
    }

    private static String startOnce(Figures f, Path dir, String kind, String figure, List<String> jvmArgs) throws Exception {
        Files.createDirectories(dir);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "cn.jingyuan.relocation.RelocationApplication", "--server.port=" + port));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("startup-" + kind + ".log").toFile()).start();
        long start = System.nanoTime();
        HttpClient http = HttpClient.newHttpClient();
        Double seconds = null;
        while (seconds == null && System.nanoTime() - start < 300_000_000_000L && p.isAlive()) {
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                        .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    seconds = (System.nanoTime() - start) / 1e9;
                }
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        p.destroy();
        p.waitFor(60, TimeUnit.SECONDS);
        f.add(figure, seconds == null ? Double.NaN : seconds);
        System.out.printf(Locale.ROOT, "[bench] start-up %s %s: %s%n", kind, jvmArgs, seconds == null ? "did not start" : String.format(Locale.ROOT, "%.1f s", seconds));
        return seconds == null ? kind + " did not start (see " + DIR.relativize(dir.resolve("startup-" + kind + ".log")) + ")"
                : String.format(Locale.ROOT, "%s %.1f s", kind, seconds);
    }

    /** Workload 3 at decreasing -Xmx until it fails, on the FULL county: each child drives a slice of cases of its own. */
    private static void heap(BenchSettings s, Figures f, County county) throws Exception {
        List<String> results = new ArrayList<>();
        Integer smallest = null;
        for (int i = 0; i < s.heaps().size(); i++) {
            int mb = s.heaps().get(i);
            Child c = child(s, county, mb, i, "heap");
            results.add(mb + " MB: " + (c.ok() ? String.format(Locale.ROOT, "passes (%.2f cases/s, peak heap used %d MB)", c.rate(), c.peakMb())
                    : "fails"));
            if (!c.ok()) {
                break;
            }
            smallest = mb;
            f.add("heap.peak-used-mb." + mb, c.peakMb());
        }
        if (smallest != null) {
            f.add("heap.floor-mb", smallest);
        }
        f.extras.put("heap for workload 3 (" + s.childCases() + " cases, " + s.threads() + " threads, history FULL, child JVM, on a county of "
                        + county.households() + " households)",
                (smallest == null ? "fails at every size tried" : "passes down to -Xmx" + smallest + "m") + " — " + String.join("; ", results));
    }

    /** FULL and AUDIT in turn, {@link #HISTORY_RUNS} children each, the same slice of their counties' cases in each pair. */
    private static void history(BenchSettings s, Figures f, County full, County audit) throws Exception {
        List<String> pairs = new ArrayList<>();
        for (int run = 0; run < HISTORY_RUNS; run++) {
            int slice = s.heaps().size() + run;
            Child a = child(s, full, 1024, slice, "history-" + (run + 1));
            Child b = a.ok() ? child(s, audit, 1024, slice, "history-" + (run + 1)) : a;
            if (!b.ok()) {
                f.extras.put("history FULL against AUDIT", "run " + (run + 1) + ": a child failed (see target/bench/child-*.log)"
                        + (pairs.isEmpty() ? "" : "; before it " + String.join("; ", pairs)));
                return;
            }
            f.add("history.full.rate", a.rate());
            f.add("history.audit.rate", b.rate());
            f.add("history.full-over-audit", a.rate() / b.rate());
            pairs.add(String.format(Locale.ROOT, "FULL %.2f, AUDIT %.2f cases/s (%.2f×)", a.rate(), b.rate(), a.rate() / b.rate()));
        }
        f.extras.put("history FULL against AUDIT for workload 3 (" + s.childCases() + " cases per child, -Xmx1g, child JVMs taken in turn, on counties"
                        + " of " + full.households() + " households)",
                String.format(Locale.ROOT, "FULL runs at %.2f× the rate of AUDIT (median of %d pairs) — %s", Figures.median(f.all("history.full-over-audit")),
                        HISTORY_RUNS, String.join("; ", pairs)));
    }

    record Child(boolean ok, double rate, long peakMb) {
    }

    private static Child child(BenchSettings s, County county, int heapMb, int slice, String label) throws Exception {
        Path log = DIR.resolve("child-" + label + "-" + county.history() + "-" + heapMb + "m.log");
        int from = slice * s.childCases();
        System.out.printf("[bench] child JVM: history %s, -Xmx%dm, cases %d to %d of a county of %d%n", county.history(), heapMb, from,
                from + s.childCases() - 1, county.households());
        Process p = new ProcessBuilder(java(), "-Xmx" + heapMb + "m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                BenchChild.class.getName(), "drive", s.kind(), s.host(), county.database(), county.history(), String.valueOf(s.childCases()),
                String.valueOf(s.threads()), String.valueOf(from)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return new Child(false, 0, 0);
        }
        String out = Files.readString(log);
        Matcher m = CHILD.matcher(out);
        if (p.exitValue() != 0 || !m.find()) {
            return new Child(false, 0, 0);
        }
        return new Child(true, Double.parseDouble(m.group(1)), Long.parseLong(m.group(3)));
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
