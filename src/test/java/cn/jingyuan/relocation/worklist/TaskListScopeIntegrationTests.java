package cn.jingyuan.relocation.worklist;

import cn.jingyuan.relocation.support.EmbeddedApplicationTest;

/** {@link TaskListScopeContract} on the embedded H2 database. */
@EmbeddedApplicationTest
class TaskListScopeIntegrationTests extends TaskListScopeContract {
}
