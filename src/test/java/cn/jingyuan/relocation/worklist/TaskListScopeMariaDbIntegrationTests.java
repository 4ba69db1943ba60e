package cn.jingyuan.relocation.worklist;

import cn.jingyuan.relocation.support.MariaDbApplicationTest;

/** {@link TaskListScopeContract} under the mysql profile on MariaDB. */
@MariaDbApplicationTest
class TaskListScopeMariaDbIntegrationTests extends TaskListScopeContract {
}
