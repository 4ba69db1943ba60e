package cn.jingyuan.relocation.steps;

import cn.jingyuan.relocation.support.MariaDbApplicationTest;

/** {@link EverydayOperationsApiContract} under the mysql profile on MariaDB. */
@MariaDbApplicationTest
class EverydayOperationsApiMariaDbIntegrationTests extends EverydayOperationsApiContract {
}
