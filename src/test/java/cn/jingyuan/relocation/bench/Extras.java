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

/** The figures measured once, in child JVMs: start-up of the embedded default, the heap of workload 3, FULL against AUDIT. */
final class Extras {

    private static final Path DIR = Path.of("target", "bench").toAbsolutePath();
    private static final Pattern CHILD = Pattern.compile("BENCH-CHILD rate=([0-9.]+) seconds=([0-9.]+) peakHeapMb=([0-9]+)");

    private Extras() {
    }

    static void run(BenchSettings s, Figures f) throws Exception {
        startup(f);
        heap(s, f);
        history(s, f);
    }

    /** {@code java -cp … RelocationApplication} in an empty folder (cold: H2 created, demo data loaded) and again (warm). */
    private static void startup(Figures f) throws Exception {
        Path dir = DIR.resolve("startup");
        deleteTree(dir);
        Files.createDirectories(dir);
        List<String> times = new ArrayList<>();
        for (String kind : List.of("cold", "warm")) {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Process p = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"), "cn.jingyuan.relocation.RelocationApplication",
                    "--server.port=" + port).directory(dir.toFile()).redirectErrorStream(true)
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
            times.add(seconds == null ? kind + " did not start (see target/bench/startup/startup-" + kind + ".log)"
                    : String.format(Locale.ROOT, "%s %.1f s", kind, seconds));
            f.add("startup." + kind + ".seconds", seconds == null ? Double.NaN : seconds);
        }
        f.extras.put("start-up of the embedded default to the first answer on / (JVM start included; cold = empty ./data, demo data"
                + " loaded; warm = again on that data)", String.join(", ", times));
    }

    /** Workload 3 at decreasing -Xmx until it fails. */
    private static void heap(BenchSettings s, Figures f) throws Exception {
        List<String> results = new ArrayList<>();
        Integer smallest = null;
        for (int mb : s.heaps()) {
            Child c = child(s, "full", mb);
            results.add(mb + " MB: " + (c.ok() ? String.format(Locale.ROOT, "passes (%.2f cases/s, peak heap used %d MB)", c.rate(), c.peakMb())
                    : "fails"));
            if (!c.ok()) {
                break;
            }
            smallest = mb;
        }
        f.extras.put("heap for workload 3 (" + s.childCases() + " cases, " + s.threads() + " threads, history FULL, child JVM)",
                (smallest == null ? "fails at every size tried" : "passes down to -Xmx" + smallest + "m") + " — " + String.join("; ", results));
    }

    private static void history(BenchSettings s, Figures f) throws Exception {
        Child full = child(s, "full", 1024);
        Child audit = child(s, "audit", 1024);
        f.extras.put("history FULL against AUDIT for workload 3 (" + s.childCases() + " cases, -Xmx1g, child JVMs)", !full.ok() || !audit.ok()
                ? "a child failed (see target/bench/child-*.log)"
                : String.format(Locale.ROOT, "FULL %.2f cases/s, AUDIT %.2f cases/s: FULL runs at %.2f× the rate of AUDIT", full.rate(),
                audit.rate(), full.rate() / audit.rate()));
    }

    record Child(boolean ok, double rate, long peakMb) {
    }

    private static Child child(BenchSettings s, String history, int heapMb) throws Exception {
        Path log = DIR.resolve("child-" + history + "-" + heapMb + "m.log");
        System.out.printf("[bench] child JVM: history %s, -Xmx%dm, %d cases%n", history, heapMb, s.childCases());
        Process p = new ProcessBuilder(java(), "-Xmx" + heapMb + "m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                BenchChild.class.getName(), s.kind(), s.host(), BenchSettings.CHILD_DB, history, String.valueOf(s.childCases()),
                String.valueOf(s.threads())).redirectErrorStream(true).redirectOutput(log.toFile()).start();
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
