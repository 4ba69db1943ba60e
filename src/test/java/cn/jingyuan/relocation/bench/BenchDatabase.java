package cn.jingyuan.relocation.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import cn.jingyuan.relocation.support.MariaDb;

/**
 * Where a benchmark database lives: a database on the MariaDB server ({@code -Dbench.db=mariadb}, the default) or an
 * H2 file under {@code target/bench/h2} ({@code -Dbench.db=h2}). Every database is dropped and created empty
 * before use, and dropped again when the benchmark ends.
 */
record BenchDatabase(String kind, String host, String name) {

    static final Path H2_DIR = Path.of("target", "bench", "h2").toAbsolutePath();

    boolean mariadb() {
        return "mariadb".equals(kind);
    }

    BenchDatabase named(String other) {
        return new BenchDatabase(kind, host, other);
    }

    String url() {
        return mariadb()
                ? "jdbc:mysql://" + host + "/" + name + "?" + MariaDb.PARAMETERS + "&nullDatabaseMeansCurrent=true"
                : "jdbc:h2:file:" + H2_DIR.resolve(name) + ";MODE=MySQL;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000";
    }

    /** The application's properties for this database. */
    Map<String, Object> applicationProperties() {
        Map<String, Object> p = new LinkedHashMap<>();
        if (mariadb()) {
            p.put("spring.profiles.active", "mysql");
            p.put("MYSQL_URL", url());
            // the demo keys are refused outside the embedded H2
            p.put("relocation.pii.encryption-key", MariaDb.TEST_ENCRYPTION_KEY);
            p.put("relocation.pii.hash-key", MariaDb.TEST_HASH_KEY);
        } else {
            p.put("spring.datasource.url", url());
        }
        return p;
    }

    void recreate() {
        drop();
        if (mariadb()) {
            admin("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci");
        }
    }

    void drop() {
        if (mariadb()) {
            admin("DROP DATABASE IF EXISTS `" + name + "`");
            return;
        }
        try {
            Files.createDirectories(H2_DIR);
            try (Stream<Path> files = Files.list(H2_DIR)) {
                for (Path f : files.filter(f -> f.getFileName().toString().startsWith(name + ".")).toList()) {
                    Files.delete(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server's version, e.g. "10.11.19-MariaDB-0+deb12u1", or H2's. */
    String version(DataSource ds) {
        try (Connection c = ds.getConnection()) {
            return c.getMetaData().getDatabaseProductName() + " " + c.getMetaData().getDatabaseProductVersion();
        } catch (SQLException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** The {@code spring.datasource.hikari.data-source-properties} of {@code application-mysql.yml}, so baselines use the same driver. */
    static java.util.Properties driverSettings() {
        org.springframework.beans.factory.config.YamlPropertiesFactoryBean yaml = new org.springframework.beans.factory.config.YamlPropertiesFactoryBean();
        yaml.setResources(new org.springframework.core.io.ClassPathResource("application-mysql.yml"));
        java.util.Properties all = yaml.getObject();
        java.util.Properties driver = new java.util.Properties();
        String prefix = "spring.datasource.hikari.data-source-properties.";
        all.stringPropertyNames().stream().filter(k -> k.startsWith(prefix)).forEach(k -> driver.setProperty(k.substring(prefix.length()), all.getProperty(k)));
        return driver;
    }

    /** A pool like the application's: READ COMMITTED, 20 connections, the driver settings of the mysql profile. */
    HikariDataSource dataSource() {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(url());
        if (mariadb()) {
            ds.setUsername("root");
            ds.setPassword("");
            ds.setDataSourceProperties(driverSettings());
        } else {
            ds.setUsername("sa");
            ds.setPassword("");
        }
        ds.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        ds.setMaximumPoolSize(20);
        return ds;
    }

    /**
     * Sets the server's {@code innodb_buffer_pool_size} to {@code megabytes} (MariaDB resizes it while running) and
     * waits for the resize; returns the size it had, in MB, so the caller can give it back.
     */
    long bufferPool(long megabytes) {
        try (Connection c = server(); Statement s = c.createStatement()) {
            long before;
            try (var rs = s.executeQuery("SELECT @@innodb_buffer_pool_size")) {
                rs.next();
                before = rs.getLong(1) / (1024 * 1024);
            }
            if (before == megabytes) {
                return before;
            }
            s.execute("SET GLOBAL innodb_buffer_pool_size = " + megabytes * 1024 * 1024);
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (System.nanoTime() < deadline) {
                try (var rs = s.executeQuery("SHOW STATUS LIKE 'Innodb_buffer_pool_resize_status'")) {
                    String status = rs.next() && rs.getString(2) != null ? rs.getString(2).toLowerCase(java.util.Locale.ROOT) : "";
                    if (status.isEmpty() || status.contains("completed")) {
                        return before;
                    }
                }
                Thread.sleep(200);
            }
            throw new IllegalStateException("MariaDB at " + host + " did not resize its buffer pool to " + megabytes + " MB in 120 s");
        } catch (SQLException e) {
            throw new IllegalStateException("MariaDB at " + host + ": buffer pool to " + megabytes + " MB: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A connection to the MariaDB server itself (no database), as root. */
    private Connection server() throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://" + host + "/?" + MariaDb.PARAMETERS, "root", "");
    }

    private void admin(String sql) {
        try (Connection c = server(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("MariaDB at " + host + ": " + sql + ": " + e.getMessage(), e);
        }
    }
}
