package cn.jingyuan.relocation.security.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The audit chain's two Java migrations (Spring Boot hands {@link JavaMigration} beans to Flyway, in order with the
 * SQL ones of {@code sql/}): V012 links the entries written before V011 into the chain once, oldest first; V013 adds,
 * on MySQL and MariaDB only, the triggers that refuse every UPDATE and DELETE on audit_log (and a chain head that
 * goes backwards or away). H2 has no SQL triggers; there the chain alone shows a change.
 * <p>
 * Creating a trigger needs the TRIGGER privilege, and with binary logging on, SUPER or
 * {@code log_bin_trust_function_creators=1}. Nothing in the application updates or deletes audit entries.
 */
@Configuration(proxyBeanMethods = false)
class AuditChainMigrations {

    @Bean
    static JavaMigration chainExistingAuditEntries() {
        return new Migration("12", "chain existing audit entries") {
            @Override
            public void migrate(Context context) throws SQLException {
                chainUnlinked(context.getConnection());
            }
        };
    }

    @Bean
    static JavaMigration refuseAuditChangesOnMySql() {
        return new Migration("13", "audit log append only on mysql") {
            @Override
            public void migrate(Context context) throws SQLException {
                Connection c = context.getConnection();
                String product = c.getMetaData().getDatabaseProductName().toLowerCase();
                if (!product.contains("mysql") && !product.contains("mariadb")) {
                    return;
                }
                try (Statement s = c.createStatement()) {
                    for (String sql : TRIGGERS) {
                        s.execute(sql);
                    }
                }
            }
        };
    }

    static final List<String> TRIGGERS = List.of(
            "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log FOR EACH ROW "
                    + "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_log is append-only: UPDATE refused'",
            "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH ROW "
                    + "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_log is append-only: DELETE refused'",
            "CREATE TRIGGER audit_chain_head_forward BEFORE UPDATE ON audit_chain_head FOR EACH ROW BEGIN "
                    + "IF NEW.id <> OLD.id OR NEW.last_seq <= OLD.last_seq THEN "
                    + "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_chain_head only moves forward'; END IF; END",
            "CREATE TRIGGER audit_chain_head_no_delete BEFORE DELETE ON audit_chain_head FOR EACH ROW "
                    + "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_chain_head cannot be deleted'");

    /** Links every entry outside the chain after its last entry, in the order of their ids. */
    static void chainUnlinked(Connection c) throws SQLException {
        long seq;
        String hash;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT last_seq, last_hash FROM audit_chain_head WHERE id = 1 FOR UPDATE")) {
            rs.next();
            seq = rs.getLong(1);
            hash = rs.getString(2);
        }
        long after = 0;
        while (true) {
            List<AuditRow> rows = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT " + AuditChainHash.COLUMNS
                    + " FROM audit_log WHERE chain_seq IS NULL AND id > ? ORDER BY id LIMIT 1000")) {
                s.setLong(1, after);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows.add(AuditChainHash.read(rs));
                    }
                }
            }
            if (rows.isEmpty()) {
                break;
            }
            try (PreparedStatement u = c.prepareStatement("UPDATE audit_log SET chain_seq = ?, entry_hash = ? WHERE id = ?")) {
                for (AuditRow r : rows) {
                    seq++;
                    hash = AuditChainHash.of(hash, seq, r);
                    u.setLong(1, seq);
                    u.setString(2, hash);
                    u.setLong(3, r.id);
                    u.addBatch();
                    after = r.id;
                }
                u.executeBatch();
            }
        }
        try (PreparedStatement u = c.prepareStatement("UPDATE audit_chain_head SET last_seq = ?, last_hash = ? WHERE id = 1")) {
            u.setLong(1, seq);
            u.setString(2, hash);
            u.executeUpdate();
        }
    }

    /** A Java migration with its version and description given, not taken from a class name. */
    private abstract static class Migration implements JavaMigration {
        private final MigrationVersion version;
        private final String description;

        Migration(String version, String description) {
            this.version = MigrationVersion.fromVersion(version);
            this.description = description;
        }

        @Override
        public MigrationVersion getVersion() {
            return version;
        }

        @Override
        public String getDescription() {
            return description;
        }

        @Override
        public Integer getChecksum() {
            return null;
        }

        @Override
        public boolean canExecuteInTransaction() {
            return true;
        }
    }
}
