package cn.jingyuan.relocation.security.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * An existing database, already past V061 with audit entries written before the chain, upgraded: V011-V013 are
 * applied out of order, V012 links the old entries oldest first, and the chain they form verifies.
 */
class AuditChainUpgradeTests {

    @Test
    void anExistingDatabaseGetsItsOldEntriesChainedOnceAndTheChainVerifies(@TempDir Path before) throws IOException {
        // the migrations as an installation of the previous version had them: everything but V011
        try (Stream<Path> files = Files.list(Path.of("sql"))) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".sql") && !f.getFileName().toString().startsWith("V011")).toList()) {
                Files.copy(f, before.resolve(f.getFileName()));
            }
        }
        SingleConnectionDataSource db = new SingleConnectionDataSource("jdbc:h2:mem:audit-upgrade;MODE=MySQL;DB_CLOSE_DELAY=-1", "sa", "", true);
        try {
            Flyway.configure().dataSource(db).locations("filesystem:" + before).load().migrate();
            JdbcTemplate jdbc = new JdbcTemplate(db);
            LocalDateTime t0 = LocalDateTime.of(2026, 11, 29, 10, 0, 0, 123_456_000);
            for (int i = 1; i <= 2500; i++) {
                jdbc.update("INSERT INTO audit_log (occurred_at, actor, action, entity, entity_id, summary, http_status) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        t0.plusSeconds(i), "officer", "WRITE", "household", String.valueOf(i), "PUT /api/households/" + i, i % 7 == 0 ? null : 200);
            }

            // the new version: its SQL and Java migrations, out of order as application.yml says
            Flyway.configure().dataSource(db).locations("filesystem:sql").outOfOrder(true)
                    .javaMigrations(AuditChainMigrations.chainExistingAuditEntries(), AuditChainMigrations.refuseAuditChangesOnMySql())
                    .load().migrate();

            List<Map<String, Object>> applied = jdbc.queryForList(
                    "SELECT \"version\", \"success\" FROM \"flyway_schema_history\" WHERE \"version\" IN ('011', '12', '13')");
            assertThat(applied).hasSize(3).allSatisfy(r -> assertThat(r.get("success")).isEqualTo(true));
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_log WHERE chain_seq IS NULL", Long.class)).isZero();
            assertThat(jdbc.queryForList("SELECT chain_seq FROM audit_log ORDER BY id", Long.class))
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 2500).boxed().toList());
            AuditChain chain = new AuditChain(null, jdbc);
            AuditChain.Verification v = chain.verify();
            assertThat(v.ok()).as(String.valueOf(v)).isTrue();
            assertThat(v.checked()).isEqualTo(2500);

            // and the chain is a real one: an old entry changed afterwards is found
            jdbc.update("UPDATE audit_log SET actor = 'someone' WHERE chain_seq = 1234");
            assertThat(chain.verify().firstBroken().seq()).isEqualTo(1234);
        } finally {
            new JdbcTemplate(db).execute("DROP ALL OBJECTS");
            db.destroy();
        }
    }
}
