package cn.jingyuan.relocation.security;

import cn.jingyuan.relocation.support.EmbeddedApplicationTest;

/** {@link PersonalDataAtRestContract} on the embedded default (in-memory H2). */
@EmbeddedApplicationTest
class PersonalDataAtRestIntegrationTests extends PersonalDataAtRestContract {
}
