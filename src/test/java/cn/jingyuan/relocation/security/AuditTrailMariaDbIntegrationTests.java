package cn.jingyuan.relocation.security;

import cn.jingyuan.relocation.support.MariaDbApplicationTest;

/** {@link AuditTrailIntegrationTests} under the mysql profile on MariaDB: every write audited, on the production database. */
@MariaDbApplicationTest
class AuditTrailMariaDbIntegrationTests extends AuditTrailIntegrationTests {
}
