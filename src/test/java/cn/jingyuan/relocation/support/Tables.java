package cn.jingyuan.relocation.support;

import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

/** What the registry tables hold, read with plain SQL, to show that a refused import wrote nothing. */
public record Tables(long households, long members, long villages, long caseSequences) {

    public static Tables count(JdbcTemplate jdbc) {
        return new Tables(count(jdbc, "household"), count(jdbc, "member"), count(jdbc, "village"), count(jdbc, "case_sequence"));
    }

    private static long count(JdbcTemplate jdbc, String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }

    /** Every ledger column of every household and member, with versions: equal snapshots mean nothing was written. */
    public static List<Map<String, Object>> snapshot(JdbcTemplate jdbc) {
        List<Map<String, Object>> rows = new java.util.ArrayList<>(jdbc.queryForList("SELECT id, case_no, plan_year, township_code,"
                + " village_id, village_group, hazard_site_id, category, risk_level, head_name, head_id_hash, phone_cipher, declared_size,"
                + " people, resettlement_mode, remarks, version FROM household ORDER BY id"));
        rows.addAll(jdbc.queryForList("SELECT id, household_id, seq, name, relation, id_cipher, id_hash, active_id_hash, sex, birth_date"
                + " FROM member ORDER BY id"));
        return rows;
    }
}
