package cn.jingyuan.relocation.calendar.web;

import cn.jingyuan.relocation.support.MariaDbApplicationTest;

/** {@link CalendarApiContract} under the mysql profile on MariaDB. */
@MariaDbApplicationTest
class CalendarApiMariaDbIntegrationTests extends CalendarApiContract {
}
