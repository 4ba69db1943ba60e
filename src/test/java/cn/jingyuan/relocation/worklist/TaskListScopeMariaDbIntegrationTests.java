package cn.jingyuan.relocation.worklist;

import cn.jingyuan.relocation.support.MariaDbApplicationTest;

/** {@link TaskListScopeContract} under the mysql profile on MariaDB, where the list's SQL carries a join-order hint. */
@MariaDbApplicationTest
class TaskListScopeMariaDbIntegrationTests extends TaskListScopeContract {
}
