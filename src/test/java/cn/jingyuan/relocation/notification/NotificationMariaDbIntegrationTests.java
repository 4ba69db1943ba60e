package cn.jingyuan.relocation.notification;

import cn.jingyuan.relocation.support.MariaDbApplicationTest;

/** {@link NotificationContract} under the mysql profile on MariaDB. */
@MariaDbApplicationTest
class NotificationMariaDbIntegrationTests extends NotificationContract {
}
