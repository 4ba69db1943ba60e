package cn.jingyuan.relocation.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import cn.jingyuan.relocation.security.PiiCipher;
import cn.jingyuan.relocation.shared.IdCardNumber;
import cn.jingyuan.relocation.support.MariaDb;
import cn.jingyuan.relocation.support.MariaDbApplicationTest;
import cn.jingyuan.relocation.support.MariaDbExtension;

/**
 * The README's restore drill, done on a copy: {@code mariadb-dump --single-transaction} of the running application's
 * database (demo data, engine tables, sessions) while it serves, restored with the {@code mariadb} client into a new
 * database; every table comes back with the same rows (row counts and {@code CHECKSUM TABLE}), and the personal data
 * in the copy decrypts with the application's key. Prints the dump's size and the times.
 */
@MariaDbApplicationTest
class BackupRestoreDrillMariaDbIntegrationTests {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PiiCipher cipher;

    @Test
    void aDumpTakenWhileServingRestoresIntoACopyWithEveryRow() throws Exception {
        String source = MariaDbExtension.database(MariaDb.API_DATABASE);
        String copy = MariaDbExtension.database("relocation_it_restore");
        String dump = tool("mariadb-dump", "mysqldump");
        String client = tool("mariadb", "mysql");
        Path dir = Path.of("target", "backup");
        Files.createDirectories(dir);
        Path file = dir.resolve(source + ".sql");

        long t0 = System.nanoTime();
        run(List.of(dump, "--single-transaction", "--routines", "--triggers", "--hex-blob", "--default-character-set=utf8mb4",
                "--protocol=tcp", "-h127.0.0.1", "-P3306", "-u" + user(), source), null, file.toFile());
        long dumped = System.nanoTime();
        jdbc.execute("DROP DATABASE IF EXISTS " + copy);
        jdbc.execute("CREATE DATABASE " + copy + " CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci");
        run(List.of(client, "--protocol=tcp", "-h127.0.0.1", "-P3306", "-u" + user(), "--default-character-set=utf8mb4", copy), file.toFile(), null);
        long restored = System.nanoTime();
        try {
            List<String> tables = jdbc.queryForList("SELECT table_name FROM information_schema.tables WHERE table_schema = ?"
                    + " AND table_type = 'BASE TABLE' ORDER BY table_name", String.class, source);
            assertThat(tables).contains("household", "member", "case_event", "ACT_RU_TASK", "ACT_HI_PROCINST", "SPRING_SESSION",
                    "flyway_schema_history");
            List<String> differ = new ArrayList<>();
            long rows = 0;
            for (String t : tables) {
                long a = jdbc.queryForObject("SELECT COUNT(*) FROM " + source + ".`" + t + "`", Long.class);
                long b = jdbc.queryForObject("SELECT COUNT(*) FROM " + copy + ".`" + t + "`", Long.class);
                Object ca = jdbc.queryForMap("CHECKSUM TABLE " + source + ".`" + t + "`").get("Checksum");
                Object cb = jdbc.queryForMap("CHECKSUM TABLE " + copy + ".`" + t + "`").get("Checksum");
                rows += a;
                if (a != b || !String.valueOf(ca).equals(String.valueOf(cb))) {
                    differ.add(t + " " + a + "/" + b + " rows, checksum " + ca + "/" + cb);
                }
            }
            System.out.printf("[Backup] %s: %d tables, %d rows, dump %.1f MB in %.1f s, restored into %s in %.1f s%n", source, tables.size(), rows,
                    Files.size(file) / 1e6, (dumped - t0) / 1e9, copy, (restored - dumped) / 1e9);
            assertThat(differ).as("tables that differ in the copy").isEmpty();
            // the copy's personal data reads with the application's key
            Map<String, Object> member = jdbc.queryForMap("SELECT id_cipher FROM " + copy + ".member ORDER BY id LIMIT 1");
            assertThat(IdCardNumber.parse(cipher.decrypt((String) member.get("id_cipher")), java.time.LocalDate.now())).isNotNull();
        } finally {
            jdbc.execute("DROP DATABASE IF EXISTS " + copy);
        }
    }

    private static String user() {
        return System.getenv().getOrDefault("MYSQL_USER", "root");
    }

    private static String tool(String... names) {
        for (String n : names) {
            for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(d, n))) {
                    return Path.of(d, n).toString();
                }
            }
        }
        Assumptions.abort("none of " + List.of(names) + " on the PATH: the restore drill needs the MariaDB client tools");
        return null;
    }

    private static void run(List<String> command, File in, File out) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("MYSQL_PWD", System.getenv().getOrDefault("MYSQL_PASSWORD", ""));
        if (in != null) {
            pb.redirectInput(in);
        }
        if (out != null) {
            pb.redirectOutput(out);
        } else {
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        Path err = Files.createTempFile("drill", ".err");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(command.get(0) + " did not finish in 10 minutes");
        }
        assertThat(p.exitValue()).as("%s: %s", command.get(0), Files.readString(err)).isZero();
    }
}
