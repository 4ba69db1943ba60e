package cn.jingyuan.relocation.security;

import cn.jingyuan.relocation.support.MariaDbApplicationTest;

/** {@link EngineDoorsContract} under the mysql profile on MariaDB. */
@MariaDbApplicationTest
class EngineDoorsMariaDbIntegrationTests extends EngineDoorsContract {
}
