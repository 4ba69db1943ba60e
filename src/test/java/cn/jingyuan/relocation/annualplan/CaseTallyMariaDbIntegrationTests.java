package cn.jingyuan.relocation.annualplan;

import cn.jingyuan.relocation.support.MariaDbApplicationTest;

/** {@link CaseTallyContract} under the mysql profile on MariaDB. */
@MariaDbApplicationTest
class CaseTallyMariaDbIntegrationTests extends CaseTallyContract {
}
