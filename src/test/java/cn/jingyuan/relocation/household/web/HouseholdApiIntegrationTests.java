package cn.jingyuan.relocation.household.web;

import cn.jingyuan.relocation.support.EmbeddedApplicationTest;

/** {@link HouseholdApiContract} on the embedded default (in-memory H2, demo accounts and data). */
@EmbeddedApplicationTest
class HouseholdApiIntegrationTests extends HouseholdApiContract {
}
