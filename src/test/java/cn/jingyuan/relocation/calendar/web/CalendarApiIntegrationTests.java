package cn.jingyuan.relocation.calendar.web;

import cn.jingyuan.relocation.support.EmbeddedApplicationTest;

/** {@link CalendarApiContract} on the embedded default (in-memory H2, demo accounts). */
@EmbeddedApplicationTest
class CalendarApiIntegrationTests extends CalendarApiContract {
}
