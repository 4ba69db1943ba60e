package cn.jingyuan.relocation.support;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Runs before Spring loads the test's context: checks that MariaDB answers (else skips the class) and drops and
 * re-creates the class's database the first time this JVM meets it. Contexts are cached per configuration, so a
 * database is reset only before the one context that uses it starts. Both before the class and before its test
 * instance is made: a class with one instance for all its tests ({@code @TestInstance(PER_CLASS)}) is made, and its
 * context loaded, before the class's before-all callbacks run (the database was then dropped under a started engine
 * when such a class ran first).
 */
public final class MariaDbExtension implements BeforeAllCallback, TestInstancePreConstructCallback {

    private static final Set<String> RESET = ConcurrentHashMap.newKeySet();

    static {
        if (System.getProperty(MariaDb.SUFFIX_PROPERTY) == null) {
            System.setProperty(MariaDb.SUFFIX_PROPERTY, checkoutSuffix());
        }
    }

    /** The real name of a test database: its name plus this checkout's suffix. */
    public static String database(String name) {
        return name + System.getProperty(MariaDb.SUFFIX_PROPERTY);
    }

    /** {@code _} and eight hex digits of the checkout folder's path: stable for a checkout, distinct between two. */
    private static String checkoutSuffix() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(Path.of("").toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            return "_" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
    /** Why MariaDB does not answer ("" when it does); asked once per JVM. */
    private static volatile String problem;

    @Override
    public void preConstructTestInstance(TestInstanceFactoryContext factoryContext, ExtensionContext context) throws SQLException {
        beforeAll(context);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws SQLException {
        MariaDb db = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), MariaDb.class)
                .orElseThrow(() -> new IllegalStateException("@MariaDb is missing on " + context.getRequiredTestClass()));
        String database = database(db.value());
        if (!database.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        if (problem == null) {
            problem = probe();
        }
        if (!problem.isEmpty()) {
            String message = "MariaDB at " + MariaDb.HOST + " is not reachable (" + problem + "): skipping "
                    + context.getRequiredTestClass().getSimpleName() + " of the MySQL suite. Start it with `start-stop-daemon"
                    + " --start --oknodo --background --exec /usr/sbin/mariadbd`, or run .ci/run, which starts it and fails"
                    + " when this suite is skipped.";
            System.err.println("[MariaDb] " + message); // surefire's reports do not show a class-level assumption
            Assumptions.abort(message);
        }
        synchronized (RESET) {
            if (RESET.add(database)) {
                try (Connection c = connect(); Statement s = c.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS " + database);
                    s.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci");
                }
            }
        }
    }

    /** An empty string when the server answers, else why not. */
    private static String probe() {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("SELECT 1");
            return "";
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    private static Connection connect() throws SQLException {
        DriverManager.setLoginTimeout(3);
        String user = System.getenv().getOrDefault("MYSQL_USER", "root");
        String password = System.getenv().getOrDefault("MYSQL_PASSWORD", "");
        return DriverManager.getConnection("jdbc:mysql://" + MariaDb.HOST + "/?" + MariaDb.PARAMETERS + "&connectTimeout=3000", user, password);
    }
}
