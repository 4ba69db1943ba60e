package cn.jingyuan.relocation.security;

import cn.jingyuan.relocation.support.MariaDbApplicationTest;

/**
 * {@link PersonalDataAtRestContract} under the mysql profile on MariaDB: a direct {@code SELECT} on the households'
 * members shows no readable identity number.
 */
@MariaDbApplicationTest
class PersonalDataAtRestMariaDbIntegrationTests extends PersonalDataAtRestContract {
}
