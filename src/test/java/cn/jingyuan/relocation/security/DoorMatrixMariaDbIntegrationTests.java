package cn.jingyuan.relocation.security;

import cn.jingyuan.relocation.support.MariaDbApplicationTest;

/** {@link DoorMatrixContract} under the mysql profile on MariaDB. */
@MariaDbApplicationTest
class DoorMatrixMariaDbIntegrationTests extends DoorMatrixContract {
}
