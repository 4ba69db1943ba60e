package cn.jingyuan.relocation.relocationcase;

import cn.jingyuan.relocation.support.MariaDbApplicationTest;

/** {@link CaseOpenerContract} under the mysql profile on MariaDB. */
@MariaDbApplicationTest
class CaseOpenerMariaDbIntegrationTests extends CaseOpenerContract {
}
