package cn.jingyuan.relocation.annualplan;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import cn.jingyuan.relocation.support.MariaDb;

/**
 * {@link RolloverIntegrationTests} under the mysql profile on MariaDB, in a database of its own (the rollover changes
 * the demo data that other classes rely on): each chunk commits on its own, and a rollover that failed in its second
 * chunk finishes the rest when its job runs again.
 */
@MariaDb(RolloverMariaDbIntegrationTests.DATABASE)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "MYSQL_URL=jdbc:mysql://" + MariaDb.HOST + "/" + RolloverMariaDbIntegrationTests.DATABASE + MariaDb.SUFFIX + "?" + MariaDb.PARAMETERS,
        "camunda.bpm.job-execution.enabled=false",
        "relocation.demo.enabled=true",
        MariaDb.ENCRYPTION_KEY_PROPERTY,
        MariaDb.HASH_KEY_PROPERTY,
})
@ActiveProfiles("mysql")
class RolloverMariaDbIntegrationTests extends RolloverIntegrationTests {

    static final String DATABASE = "relocation_it_rollover";
}
