package cn.jingyuan.relocation.relocationcase;

import cn.jingyuan.relocation.support.EmbeddedApplicationTest;

/** {@link CaseOpenerContract} on the embedded H2 database. */
@EmbeddedApplicationTest
class CaseOpenerIntegrationTests extends CaseOpenerContract {
}
