package cn.jingyuan.relocation.operations;

import cn.jingyuan.relocation.support.MariaDbApplicationTest;

/** {@link EverydayOperationsApiContract} under the mysql profile on MariaDB. */
@MariaDbApplicationTest
class EverydayOperationsApiMariaDbIntegrationTests extends EverydayOperationsApiContract {
}
