package cn.jingyuan.relocation.security;

import cn.jingyuan.relocation.support.MariaDbApplicationTest;

/** {@link LoginLockoutIntegrationTests} under the mysql profile on MariaDB: the login throttle's counting and delays in MariaDB's transactions and row locks. */
@MariaDbApplicationTest
class LoginLockoutMariaDbIntegrationTests extends LoginLockoutIntegrationTests {
}
