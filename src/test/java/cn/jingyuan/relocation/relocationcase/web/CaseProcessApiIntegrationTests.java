package cn.jingyuan.relocation.relocationcase.web;

import cn.jingyuan.relocation.support.EmbeddedApplicationTest;

/** {@link CaseProcessApiContract} on the embedded default (in-memory H2, demo accounts and data). */
@EmbeddedApplicationTest
class CaseProcessApiIntegrationTests extends CaseProcessApiContract {
}
