package cn.jingyuan.relocation.household.internal;

import org.mybatis.spring.boot.test.autoconfigure.MybatisTest;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;

/** The mapper slice on H2 in MySQL mode, in memory; Flyway creates the schema from sql/. */
@MybatisTest(properties = "spring.datasource.url=jdbc:h2:mem:mapper-slice;MODE=MySQL;DB_CLOSE_DELAY=-1")
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
class HouseholdMapperTests extends HouseholdMapperContract {
}
