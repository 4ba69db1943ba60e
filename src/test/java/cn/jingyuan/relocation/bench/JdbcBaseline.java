package cn.jingyuan.relocation.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

/**
 * The import's baseline: the very rows the import wrote (households and members, read back from the application's
 * database, identity numbers already encrypted), inserted with plain JDBC batches of 1,000 in one transaction into
 * the same tables (the same {@code sql/} migrations: the same indexes and foreign keys) of a database of its own.
 */
final class JdbcBaseline {

    private JdbcBaseline() {
    }

    /** Rows of one table: column names and values. */
    record Rows(String table, List<String> columns, List<Object[]> values) {
    }

    static Rows read(DataSource from, String table, String where, Object... args) throws SQLException {
        try (Connection c = from.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM " + table + (where == null ? "" : " WHERE " + where))) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.setFetchSize(5000);
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                List<String> columns = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    columns.add(md.getColumnLabel(i).toLowerCase());
                }
                List<Object[]> values = new ArrayList<>();
                while (rs.next()) {
                    Object[] row = new Object[columns.size()];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = rs.getObject(i + 1);
                    }
                    values.add(row);
                }
                return new Rows(table, columns, values);
            }
        }
    }

    /** Creates the application's tables in {@code to} and copies the reference rows the households point at (not timed). */
    static void prepare(DataSource from, DataSource to) throws SQLException {
        Flyway.configure().dataSource(to).locations("classpath:sql").load().migrate();
        for (String table : List.of("village", "hazard_site")) {
            Rows rows = read(from, table, null);
            Set<Object> present = new HashSet<>();
            try (Connection c = to.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM " + table)) {
                while (rs.next()) {
                    present.add(rs.getLong(1));
                }
            }
            int id = rows.columns().indexOf("id");
            List<Object[]> missing = rows.values().stream().filter(r -> !present.contains(((Number) r[id]).longValue())).toList();
            insert(to, List.of(new Rows(table, rows.columns(), missing)));
        }
    }

    /** Inserts the rows, table after table, in batches of 1,000, in one transaction; seconds. */
    static double insert(DataSource to, List<Rows> tables) throws SQLException {
        long start = System.nanoTime();
        try (Connection c = to.getConnection()) {
            c.setAutoCommit(false);
            for (Rows t : tables) {
                String sql = "INSERT INTO " + t.table() + " (" + String.join(", ", t.columns()) + ") VALUES ("
                        + String.join(", ", Collections.nCopies(t.columns().size(), "?")) + ")";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    int n = 0;
                    for (Object[] row : t.values()) {
                        for (int i = 0; i < row.length; i++) {
                            ps.setObject(i + 1, row[i]);
                        }
                        ps.addBatch();
                        if (++n % 1000 == 0) {
                            ps.executeBatch();
                        }
                    }
                    ps.executeBatch();
                }
            }
            c.commit();
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
