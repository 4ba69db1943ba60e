package cn.jingyuan.relocation.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;

/**
 * The application in a JVM of its own, for the heap workload 3 needs and the cost of history FULL against AUDIT, on
 * a county of the benchmark's size. Two modes:
 * <ul>
 * <li>{@code fill kind host database historyLevel households}: a fresh database, the county registered and every
 * case opened; prints {@code BENCH-FILL seconds=…}.</li>
 * <li>{@code drive kind host database historyLevel cases threads from}: on that filled database, the county's cases
 * {@code from} to {@code from + cases - 1} driven through the whole process; prints
 * {@code BENCH-CHILD rate=… seconds=… peakHeapMb=…}.</li>
 * </ul>
 * Exits 0 when the county was filled or every driven case archived.
 */
public final class BenchChild {

    private BenchChild() {
    }

    public static void main(String[] args) {
        try {
            BenchDatabase db = new BenchDatabase(args[1], args[2], args[3]);
            String history = args[4];
            int count = Integer.parseInt(args[5]);
            if ("fill".equals(args[0])) {
                long start = System.nanoTime();
                try (BenchApp app = BenchApp.start(db, history, 0, true)) {
                    app.register(RelocationBenchmark.YEAR, count, 0, true);
                }
                System.out.printf(Locale.ROOT, "BENCH-FILL seconds=%.1f%n", (System.nanoTime() - start) / 1e9);
                System.exit(0);
            }
            int threads = Integer.parseInt(args[6]);
            int from = Integer.parseInt(args[7]);
            CaseDriver.Drive d;
            try (BenchApp app = BenchApp.start(db, history, 0, false)) {
                d = new CaseDriver(app.context).drive(RelocationBenchmark.YEAR, app.cases(RelocationBenchmark.YEAR, from, count), threads);
            }
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            System.out.printf(Locale.ROOT, "BENCH-CHILD rate=%.3f seconds=%.1f peakHeapMb=%d%n", d.casesPerSecond(), d.totalSeconds(),
                    peak / (1024 * 1024));
            System.exit(0);
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
    }
}
