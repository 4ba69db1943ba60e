package cn.jingyuan.relocation.bench;

import java.util.Arrays;
import java.util.List;

/**
 * The benchmark's settings, from system properties ({@code ./mvnw -Pbench verify -Dbench.households=20000}).
 *
 * @param households  the generated county's size ({@code bench.households}, default 100,000)
 * @param runs        repeated runs, each on a fresh database ({@code bench.runs}, 3)
 * @param kind        {@code mariadb} or {@code h2} ({@code bench.db})
 * @param host        the MariaDB server ({@code bench.mysql.host}, 127.0.0.1:3306)
 * @param drive       cases driven through the whole process ({@code bench.drive}, 10,000, at most households)
 * @param baselineOpen instances the bare engine starts for workload 2's baseline ({@code bench.baseline-open}, 20,000)
 * @param threads     threads driving cases, for the application and the bare engine alike ({@code bench.threads}, 4)
 * @param clients     concurrent HTTP clients of workload 8 ({@code bench.clients}, 50)
 * @param loadSeconds how long they run ({@code bench.load-seconds}, 60)
 * @param extras      start-up time, heap and history level in child JVMs ({@code bench.extras}, true)
 * @param childCases  cases a child JVM drives through ({@code bench.child-cases}, 300)
 * @param heaps       the -Xmx values (MB) tried for workload 3, largest first ({@code bench.heaps}, 512,256,192,128,96)
 * @param importOnly  workload 1 alone: the import and its plain-JDBC baseline ({@code bench.import-only}, false)
 * @param startupOnly the start-up of the embedded default alone, no runs ({@code bench.startup-only}, false)
 * @param bufferPoolMb the MariaDB server's {@code innodb_buffer_pool_size} in MB for the runs, given back after them
 *                    ({@code bench.mariadb.buffer-pool-mb}; 0, the default, leaves the server as it is)
 * @param warmUp      households of the untimed warm-up before run 1 ({@code bench.warm-up}, 2,000; 0: none)
 * @param completionReferenceMs a 10,000-household run's p50 of one completion, which the report holds this run's
 *                    against ({@code bench.completion-reference-ms}; NaN, the default: not judged)
 */
record BenchSettings(int households, int runs, String kind, String host, int drive, int baselineOpen, int threads, int listSamples,
                     int statsSamples, int clients, int loadSeconds, boolean extras, int childCases, List<Integer> heaps,
                     boolean importOnly, boolean startupOnly, long bufferPoolMb, int warmUp, double completionReferenceMs) {

    /** The databases' names start with {@code bench.db-name} (default relocation_bench): two checkouts may run at once. */
    static final String APP_DB = System.getProperty("bench.db-name", "relocation_bench");
    static final String BARE_DB = APP_DB + "_bare";
    static final String NOOP_DB = APP_DB + "_noop";
    static final String JDBC_DB = APP_DB + "_jdbc";
    static final String CHILD_DB = APP_DB + "_child";

    /** The county the child JVMs drive cases of at one history level. */
    static String childDb(String history) {
        return CHILD_DB + "_" + history;
    }

    static BenchSettings fromSystemProperties() {
        int households = Integer.getInteger("bench.households", 100_000);
        String kind = System.getProperty("bench.db", "mariadb");
        if (!List.of("mariadb", "h2").contains(kind)) {
            throw new IllegalArgumentException("bench.db is mariadb or h2, not " + kind);
        }
        return new BenchSettings(households, Integer.getInteger("bench.runs", 3), kind,
                System.getProperty("bench.mysql.host", "127.0.0.1:3306"),
                Math.min(households, Integer.getInteger("bench.drive", 10_000)),
                Integer.getInteger("bench.baseline-open", 20_000), Integer.getInteger("bench.threads", 4),
                Integer.getInteger("bench.list-samples", 50), Integer.getInteger("bench.stats-samples", 30),
                Integer.getInteger("bench.clients", 50), Integer.getInteger("bench.load-seconds", 60),
                Boolean.parseBoolean(System.getProperty("bench.extras", "true")), Integer.getInteger("bench.child-cases", 300),
                Arrays.stream(System.getProperty("bench.heaps", "512,256,192,128,96").split(",")).map(String::trim).map(Integer::valueOf).toList(),
                Boolean.getBoolean("bench.import-only"), Boolean.getBoolean("bench.startup-only"),
                Long.getLong("bench.mariadb.buffer-pool-mb", 0L), Integer.getInteger("bench.warm-up", 2_000),
                Double.parseDouble(System.getProperty("bench.completion-reference-ms", "NaN")));
    }

    BenchDatabase database(String name) {
        return new BenchDatabase(kind, host, name);
    }
}
