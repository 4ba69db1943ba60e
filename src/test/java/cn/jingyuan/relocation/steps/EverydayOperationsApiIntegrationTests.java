package cn.jingyuan.relocation.steps;

import cn.jingyuan.relocation.support.EmbeddedApplicationTest;

/** {@link EverydayOperationsApiContract} on the embedded H2 database. */
@EmbeddedApplicationTest
class EverydayOperationsApiIntegrationTests extends EverydayOperationsApiContract {
}
