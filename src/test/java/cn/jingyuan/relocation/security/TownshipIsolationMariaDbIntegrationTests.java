package cn.jingyuan.relocation.security;

import cn.jingyuan.relocation.support.MariaDbApplicationTest;

/** {@link TownshipIsolationIntegrationTests} under the mysql profile on MariaDB: one township never sees or touches another's cases, on the production database. */
@MariaDbApplicationTest
class TownshipIsolationMariaDbIntegrationTests extends TownshipIsolationIntegrationTests {
}
