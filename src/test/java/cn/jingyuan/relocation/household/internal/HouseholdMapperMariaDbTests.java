package cn.jingyuan.relocation.household.internal;

import org.mybatis.spring.boot.test.autoconfigure.MybatisTest;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;
import org.springframework.test.context.ActiveProfiles;

import cn.jingyuan.relocation.support.MariaDb;

/** The mapper slice on MariaDB through the mysql profile, against a database created afresh for the run. */
@MariaDb(MariaDb.MAPPER_DATABASE)
@MybatisTest(properties = "MYSQL_URL=" + MariaDb.MAPPER_URL)
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@ActiveProfiles("mysql")
class HouseholdMapperMariaDbTests extends HouseholdMapperContract {
}
