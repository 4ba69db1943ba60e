package cn.jingyuan.relocation.household.web;

import cn.jingyuan.relocation.support.MariaDbApplicationTest;

/** {@link HouseholdApiContract} under the mysql profile on MariaDB. */
@MariaDbApplicationTest
class HouseholdApiMariaDbIntegrationTests extends HouseholdApiContract {
}
