package cn.jingyuan.relocation.relocationcase.web;

import cn.jingyuan.relocation.support.MariaDbApplicationTest;

/** {@link CaseProcessApiContract} under the mysql profile on MariaDB. */
@MariaDbApplicationTest
class CaseProcessApiMariaDbIntegrationTests extends CaseProcessApiContract {
}
