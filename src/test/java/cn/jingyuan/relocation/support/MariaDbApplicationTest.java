package cn.jingyuan.relocation.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole application on a random port under the {@code mysql} profile, on the MariaDB database
 * {@value MariaDb#API_DATABASE} (re-created for the run), with the demo accounts and demo data asked for by
 * property, as the README shows for a MariaDB demo, and the suite's own keys (the demo keys are refused there).
 * Skipped when MariaDB is not running.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@MariaDb(MariaDb.API_DATABASE)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "MYSQL_URL=" + MariaDb.API_URL,
        "camunda.bpm.job-execution.enabled=false",
        "relocation.demo.enabled=true",
        MariaDb.ENCRYPTION_KEY_PROPERTY,
        MariaDb.HASH_KEY_PROPERTY,
})
@ActiveProfiles("mysql")
public @interface MariaDbApplicationTest {
}
