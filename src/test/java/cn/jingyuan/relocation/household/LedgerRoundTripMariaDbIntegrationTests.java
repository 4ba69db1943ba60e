package cn.jingyuan.relocation.household;

import cn.jingyuan.relocation.support.MariaDbApplicationTest;

/** {@link LedgerRoundTripIntegrationTests} under the mysql profile on MariaDB: a ledger exported and imported again changes nothing, on the production database. */
@MariaDbApplicationTest
class LedgerRoundTripMariaDbIntegrationTests extends LedgerRoundTripIntegrationTests {
}
