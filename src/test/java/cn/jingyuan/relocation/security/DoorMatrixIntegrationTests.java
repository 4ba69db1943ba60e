package cn.jingyuan.relocation.security;

import cn.jingyuan.relocation.support.EmbeddedApplicationTest;

/** {@link DoorMatrixContract} on the embedded default (in-memory H2). */
@EmbeddedApplicationTest
class DoorMatrixIntegrationTests extends DoorMatrixContract {
}
