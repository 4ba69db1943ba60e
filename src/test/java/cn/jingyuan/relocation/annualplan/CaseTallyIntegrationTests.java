package cn.jingyuan.relocation.annualplan;

import cn.jingyuan.relocation.support.EmbeddedApplicationTest;

/** {@link CaseTallyContract} on the embedded H2 database. */
@EmbeddedApplicationTest
class CaseTallyIntegrationTests extends CaseTallyContract {
}
