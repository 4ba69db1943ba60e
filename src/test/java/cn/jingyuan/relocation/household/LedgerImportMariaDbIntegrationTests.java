package cn.jingyuan.relocation.household;

import cn.jingyuan.relocation.support.MariaDbApplicationTest;

/** {@link LedgerImportIntegrationTests} under the mysql profile on MariaDB: every refused file leaves the tables as they were, every accepted shape registers, on the production database. */
@MariaDbApplicationTest
class LedgerImportMariaDbIntegrationTests extends LedgerImportIntegrationTests {
}
