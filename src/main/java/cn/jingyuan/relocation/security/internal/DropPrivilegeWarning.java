package cn.jingyuan.relocation.security.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * At start-up on MySQL/MariaDB: warns when the application's database account may drop tables of its schema
 * ({@code DROP}, or {@code ALL PRIVILEGES}, on {@code *.*} or on the schema). {@code DROP} is also what
 * {@code TRUNCATE TABLE} needs, and a truncation fires no trigger: such an account can empty the audit trail past the
 * triggers that refuse every {@code UPDATE} and {@code DELETE} on it. README "Security and personal data" gives the
 * grants the application needs instead. Nothing is refused: the warning is for the operator.
 */
@Component
class DropPrivilegeWarning implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DropPrivilegeWarning.class);
    /** A grant line's privileges and what they are on: {@code GRANT <privileges> ON <what> TO ...}. */
    private static final Pattern GRANT = Pattern.compile("(?i)^GRANT (.+?) ON (\\S+) TO .*");
    private static final Pattern DROP = Pattern.compile("(?i)(^|,\\s*)(ALL PRIVILEGES|ALL|DROP)\\s*(,|$)");

    private final DataSource dataSource;

    DropPrivilegeWarning(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void run(ApplicationArguments args) {
        try (Connection c = dataSource.getConnection()) {
            String product = c.getMetaData().getDatabaseProductName().toLowerCase();
            if (!product.contains("mysql") && !product.contains("mariadb")) {
                return;
            }
            List<String> grants = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW GRANTS")) {
                while (rs.next()) {
                    grants.add(rs.getString(1));
                }
            }
            String user = c.getMetaData().getUserName();
            String schema = c.getCatalog();
            dropGrant(grants, schema).ifPresent(g -> log.warn("THE DATABASE ACCOUNT {} MAY DROP AND TRUNCATE THE TABLES OF {} ({}):"
                    + " TRUNCATE fires no trigger and would empty the audit trail. Give the application an account without DROP"
                    + " (README \"Security and personal data\").", user, schema, g));
        } catch (SQLException | RuntimeException e) {
            log.info("the database account's grants could not be read: {}", e.getMessage());
        }
    }

    /** The first grant that lets its holder drop (and so truncate) tables of {@code schema}, if any. */
    static Optional<String> dropGrant(List<String> grants, String schema) {
        for (String g : grants) {
            var m = GRANT.matcher(g.strip());
            if (!m.matches() || !DROP.matcher(m.group(1).strip()).find()) {
                continue;
            }
            String on = m.group(2).replace("`", "").replace("\\_", "_");
            String database = on.contains(".") ? on.substring(0, on.indexOf('.')) : on;
            if ("*".equals(database) || (schema != null && database.equalsIgnoreCase(schema))) {
                return Optional.of(g.strip());
            }
        }
        return Optional.empty();
    }
}
