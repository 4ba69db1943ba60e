package cn.jingyuan.relocation.notification;

import cn.jingyuan.relocation.support.EmbeddedApplicationTest;

/** {@link NotificationContract} on the embedded default (in-memory H2, demo accounts and data). */
@EmbeddedApplicationTest
class NotificationIntegrationTests extends NotificationContract {
}
