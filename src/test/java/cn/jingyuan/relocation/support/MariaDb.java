package cn.jingyuan.relocation.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test of the MySQL suite: it runs against the dedicated database {@link #value()} on the MariaDB at
 * {@value #HOST}, which is dropped and created afresh before the first test class that uses it in this JVM
 * (so Flyway and Camunda start from an empty schema on every run). When MariaDB does not answer, the class is
 * skipped with a JUnit assumption, never failed; {@code .ci/run} treats a skipped MariaDB test as a failure.
 * <p>
 * Put it before {@code @SpringBootTest} / {@code @MybatisTest} and point the {@code mysql} profile at the same
 * database with {@code MYSQL_URL=}{@link #API_URL} (or {@link #MAPPER_URL}; for a database of its own,
 * {@code "jdbc:mysql://" + HOST + "/" + NAME + SUFFIX + "?" + PARAMETERS}): the real name carries this checkout's
 * {@link #SUFFIX}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag("mariadb")
@ExtendWith(MariaDbExtension.class)
public @interface MariaDb {

    String HOST = "127.0.0.1:3306";

    /** What the mysql profile requires on every URL, plus the settings of application-mysql.yml's default. */
    String PARAMETERS = "characterEncoding=UTF-8&sendFractionalSeconds=false&rewriteBatchedStatements=true"
            + "&useSSL=false&allowPublicKeyRetrieval=true&connectionTimeZone=LOCAL";

    /**
     * System property holding this checkout's suffix of every test database name ({@code _1a2b3c4d}, from the
     * checkout's folder), so that two checkouts running their suites at once on one server never share a database.
     * {@link MariaDbExtension} sets it before any context starts; set it yourself to pick another.
     */
    String SUFFIX_PROPERTY = "relocation.test.db-suffix";
    /** The suffix as a placeholder, for database names inside {@code MYSQL_URL} properties. */
    String SUFFIX = "${" + SUFFIX_PROPERTY + "}";

    /** The mapper slices' database. */
    String MAPPER_DATABASE = "relocation_it_mapper";
    String MAPPER_URL = "jdbc:mysql://" + HOST + "/" + MAPPER_DATABASE + SUFFIX + "?" + PARAMETERS;

    /** The full application's database (demo accounts and demo data). */
    String API_DATABASE = "relocation_it_api";
    String API_URL = "jdbc:mysql://" + HOST + "/" + API_DATABASE + SUFFIX + "?" + PARAMETERS;

    /**
     * Keys of the MySQL suite (never the published demo keys, which only the embedded H2 accepts): every context and
     * child JVM on a test database passes these, {@link #ENCRYPTION_KEY_PROPERTY} and {@link #HASH_KEY_PROPERTY} as Spring
     * properties.
     */
    String TEST_ENCRYPTION_KEY = "dGVzdC1vbmx5LWtleS1yZWxvY2F0aW9uLXN1aXRlLTE=";
    String TEST_HASH_KEY = "dGVzdC1vbmx5LWhhc2gtcmVsb2NhdGlvbi1zdWl0ZTE=";
    String ENCRYPTION_KEY_PROPERTY = "relocation.pii.encryption-key=" + TEST_ENCRYPTION_KEY;
    String HASH_KEY_PROPERTY = "relocation.pii.hash-key=" + TEST_HASH_KEY;

    /** The database this test class uses (before its suffix); it is re-created once per JVM. */
    String value();
}
