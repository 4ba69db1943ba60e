package cn.jingyuan.relocation.annualplan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * A database with counters kept before V073 (one row per counter, V072) upgraded: the counters are rebuilt from the
 * households' parts into slot 0, exact whatever the old rows said, and a node still on the previous version, which
 * names no slot, keeps adding to slot 0.
 */
class CaseTallySlotsUpgradeTests {

    private static final String PART = "INSERT INTO case_tally_part (household_id, plan_year, carried_in, township_code, stage, resettlement_mode,"
            + " current_year, closed, moved_in_year, demolished, accepted, archived, people, paid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, FALSE, FALSE, FALSE, ?, ?)";

    @Test
    void theCountersAreRebuiltFromThePartsIntoSlotZero() {
        SingleConnectionDataSource db = new SingleConnectionDataSource("jdbc:h2:mem:tally-slots;MODE=MySQL;DB_CLOSE_DELAY=-1", "sa", "", true);
        try {
            // given the counters as V072 kept them, one of them wrong (a stale row no part adds up to)
            Flyway.configure().dataSource(db).locations("filesystem:sql").target("072").load().migrate();
            JdbcTemplate jdbc = new JdbcTemplate(db);
            jdbc.update(PART, 1L, 2025, false, "640424100", "APPLICATION", "", 2025, false, 3, 0);
            jdbc.update(PART, 2L, 2025, false, "640424100", "APPLICATION", "", 2025, false, 4, 0);
            jdbc.update(PART, 3L, 2025, false, "640424100", "AGREEMENT", "HOUSING", 2025, false, 5, 20000);
            jdbc.update(PART, 3L, 2026, true, "640424100", "AGREEMENT", "HOUSING", 2025, false, 5, 20000);
            jdbc.update("INSERT INTO case_tally (plan_year, carried_in, township_code, stage, resettlement_mode, current_year, closed, moved_in_year,"
                    + " demolished, accepted, archived, households, people, paid) VALUES (2025, FALSE, '640424100', 'DEMOLITION', '', 2025, FALSE, 0,"
                    + " FALSE, FALSE, FALSE, 9, 9, 0)");

            // when the new version migrates
            Flyway.configure().dataSource(db).locations("filesystem:sql").outOfOrder(true).load().migrate();

            // then every counter is its parts added up, in slot 0
            assertThat(jdbc.queryForList("SELECT CONCAT(plan_year, '/', carried_in, '/', stage, '/', slot, '/', households, '/', people, '/',"
                    + " CAST(paid AS INT)) FROM case_tally ORDER BY plan_year, stage", String.class))
                    .containsExactly("2025/FALSE/AGREEMENT/0/1/5/20000", "2025/FALSE/APPLICATION/0/2/7/0", "2026/TRUE/AGREEMENT/0/1/5/20000");
            // and an insert that names no slot (a node on the previous version) lands in slot 0
            jdbc.update("INSERT INTO case_tally (plan_year, carried_in, township_code, stage, resettlement_mode, current_year, closed, moved_in_year,"
                    + " demolished, accepted, archived, households, people, paid) VALUES (2027, FALSE, '640424100', 'APPLICATION', '', 2027, FALSE, 0,"
                    + " FALSE, FALSE, FALSE, 1, 2, 0)");
            List<Integer> slots = jdbc.queryForList("SELECT slot FROM case_tally WHERE plan_year = 2027", Integer.class);
            assertThat(slots).containsExactly(0);
        } finally {
            db.destroy();
        }
    }
}
