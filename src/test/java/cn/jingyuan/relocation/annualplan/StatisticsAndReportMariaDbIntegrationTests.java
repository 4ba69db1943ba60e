package cn.jingyuan.relocation.annualplan;

import cn.jingyuan.relocation.support.MariaDbApplicationTest;

/** {@link StatisticsAndReportIntegrationTests} under the mysql profile on MariaDB: the year's figures and the report from MariaDB's own aggregation. */
@MariaDbApplicationTest
class StatisticsAndReportMariaDbIntegrationTests extends StatisticsAndReportIntegrationTests {
}
