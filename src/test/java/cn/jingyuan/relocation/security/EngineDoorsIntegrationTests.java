package cn.jingyuan.relocation.security;

import cn.jingyuan.relocation.support.EmbeddedApplicationTest;

/** {@link EngineDoorsContract} on the embedded default (in-memory H2). */
@EmbeddedApplicationTest
class EngineDoorsIntegrationTests extends EngineDoorsContract {
}
