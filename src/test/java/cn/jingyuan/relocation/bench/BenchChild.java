package cn.jingyuan.relocation.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;

/**
 * Workload 3 alone in a JVM of its own, for the heap it needs and the cost of history FULL against AUDIT: the
 * application on a fresh database, {@code cases} households registered and driven through the whole process.
 * Prints one line {@code BENCH-CHILD rate=… seconds=… peakHeapMb=…}; exits 0 when every case was archived.
 * Arguments: kind host database historyLevel cases threads.
 */
public final class BenchChild {

    private BenchChild() {
    }

    public static void main(String[] args) {
        try {
            BenchDatabase db = new BenchDatabase(args[0], args[1], args[2]);
            String history = args[3];
            int cases = Integer.parseInt(args[4]);
            int threads = Integer.parseInt(args[5]);
            CaseDriver.Drive d;
            try (BenchApp app = BenchApp.start(db, history, 0)) {
                app.register(RelocationBenchmark.YEAR, cases, 0, true);
                d = new CaseDriver(app.context).drive(RelocationBenchmark.YEAR, app.firstCases(RelocationBenchmark.YEAR, cases), threads);
            }
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            db.drop();
            System.out.printf(Locale.ROOT, "BENCH-CHILD rate=%.3f seconds=%.1f peakHeapMb=%d%n", d.casesPerSecond(), d.totalSeconds(),
                    peak / (1024 * 1024));
            System.exit(0);
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
    }
}
