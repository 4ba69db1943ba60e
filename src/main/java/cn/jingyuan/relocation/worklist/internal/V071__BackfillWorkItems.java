package cn.jingyuan.relocation.worklist.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Work items for the steps the engine already had before work_item was kept (V040) or before V070: the open steps
 * (so that they are listed), their candidate rows, and the completed steps of the cases still running (so that an
 * old case offers 退回 and 撤回 targets). Open rows kept since V040 are brought in line with the engine (holder, due
 * date, name), and open rows whose step is gone are ended.
 * <p>
 * A Flyway migration (a Spring bean Flyway picks up), so it runs once, under Flyway's lock, however many nodes start
 * together. On a new database the engine's tables do not exist yet when Flyway runs: there is nothing to fill.
 */
@Component
class V071__BackfillWorkItems extends BaseJavaMigration {

    private static final Logger log = LoggerFactory.getLogger(V071__BackfillWorkItems.class);
    private static final String NO_DUE = "'9999-12-31 00:00:00'";

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        if (!exists(c, "ACT_RU_TASK") || !exists(c, "ACT_HI_TASKINST")) {
            return;
        }
        try (Statement s = c.createStatement()) {
            int open = s.executeUpdate("INSERT INTO work_item (task_id, process_instance_id, process_key, task_key, task_name, case_no,"
                    + " household_id, township_code, assignee, owner_id, stage, state, created_at, due_at, list_due, urge_count, superseded)"
                    + " SELECT t.ID_, t.PROC_INST_ID_, d.KEY_, t.TASK_DEF_KEY_, t.NAME_, e.BUSINESS_KEY_, h.id, h.township_code, t.ASSIGNEE_,"
                    + " t.OWNER_, h.stage, 'OPEN', COALESCE(t.CREATE_TIME_, CURRENT_TIMESTAMP), t.DUE_DATE_, COALESCE(t.DUE_DATE_, " + NO_DUE + "), 0, FALSE"
                    + " FROM ACT_RU_TASK t JOIN ACT_RE_PROCDEF d ON d.ID_ = t.PROC_DEF_ID_ JOIN ACT_RU_EXECUTION e ON e.ID_ = t.PROC_INST_ID_"
                    + " LEFT JOIN household h ON h.process_instance_id = t.PROC_INST_ID_"
                    + " WHERE t.TASK_DEF_KEY_ IS NOT NULL AND NOT EXISTS (SELECT 1 FROM work_item w WHERE w.task_id = t.ID_)");
            int synced = s.executeUpdate("UPDATE work_item SET"
                    + " assignee = (SELECT t.ASSIGNEE_ FROM ACT_RU_TASK t WHERE t.ID_ = work_item.task_id),"
                    + " owner_id = (SELECT t.OWNER_ FROM ACT_RU_TASK t WHERE t.ID_ = work_item.task_id),"
                    + " task_name = (SELECT t.NAME_ FROM ACT_RU_TASK t WHERE t.ID_ = work_item.task_id),"
                    + " due_at = (SELECT t.DUE_DATE_ FROM ACT_RU_TASK t WHERE t.ID_ = work_item.task_id),"
                    + " list_due = COALESCE((SELECT t.DUE_DATE_ FROM ACT_RU_TASK t WHERE t.ID_ = work_item.task_id), " + NO_DUE + ")"
                    + " WHERE state = 'OPEN' AND EXISTS (SELECT 1 FROM ACT_RU_TASK t WHERE t.ID_ = work_item.task_id)");
            int ended = s.executeUpdate("UPDATE work_item SET state = 'CANCELLED', completed_at = CURRENT_TIMESTAMP"
                    + " WHERE state = 'OPEN' AND NOT EXISTS (SELECT 1 FROM ACT_RU_TASK t WHERE t.ID_ = work_item.task_id)");
            s.executeUpdate("DELETE FROM work_item_candidate");
            int candidates = s.executeUpdate("INSERT INTO work_item_candidate (group_id, task_id, list_due, created_at, assignee)"
                    + " SELECT DISTINCT i.GROUP_ID_, i.TASK_ID_, w.list_due, w.created_at, w.assignee"
                    + " FROM ACT_RU_IDENTITYLINK i JOIN work_item w ON w.task_id = i.TASK_ID_"
                    + " WHERE i.TYPE_ = 'candidate' AND i.GROUP_ID_ IS NOT NULL AND w.state = 'OPEN'");
            int groups = candidateGroupText(c);
            int done = completedSteps(c);
            log.info("work items: {} open steps added, {} brought in line, {} ended, {} candidate rows ({} group lists), {} completed steps added",
                    open, synced, ended, candidates, groups, done);
        }
    }

    /** work_item.candidate_group (the groups joined by commas) of open rows without it. */
    private static int candidateGroupText(Connection c) throws SQLException {
        Map<String, TreeSet<String>> byTask = new LinkedHashMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT k.task_id, k.group_id FROM work_item_candidate k JOIN work_item w ON w.task_id = k.task_id"
                     + " WHERE w.candidate_group IS NULL")) {
            while (rs.next()) {
                byTask.computeIfAbsent(rs.getString(1), k -> new TreeSet<>()).add(rs.getString(2));
            }
        }
        try (PreparedStatement u = c.prepareStatement("UPDATE work_item SET candidate_group = ? WHERE task_id = ?")) {
            int n = 0;
            for (Map.Entry<String, TreeSet<String>> e : byTask.entrySet()) {
                String text = String.join(",", e.getValue());
                u.setString(1, text.length() > 255 ? text.substring(0, 255) : text);
                u.setString(2, e.getKey());
                u.addBatch();
                if (++n % 1000 == 0) {
                    u.executeBatch();
                }
            }
            u.executeBatch();
            return n;
        }
    }

    /**
     * The completed steps of running cases from the engine's history (who completed each, when, at which stage as
     * the case record has it), as the listener would have kept them: the return and recall targets of old cases.
     */
    private static int completedSteps(Connection c) throws SQLException {
        String select = "SELECT ht.ID_, ht.PROC_INST_ID_, ht.PROC_DEF_KEY_, ht.TASK_DEF_KEY_, ht.NAME_, e.BUSINESS_KEY_, h.id, h.township_code,"
                + " ht.ASSIGNEE_, ht.OWNER_, (SELECT MAX(ce.stage) FROM case_event ce WHERE ce.household_id = h.id AND ce.task_id = ht.ID_), ht.START_TIME_, ht.DUE_DATE_, ht.END_TIME_"
                + " FROM ACT_HI_TASKINST ht JOIN ACT_RU_EXECUTION e ON e.ID_ = ht.PROC_INST_ID_"
                + " LEFT JOIN household h ON h.process_instance_id = ht.PROC_INST_ID_"
                + " WHERE ht.END_TIME_ IS NOT NULL AND ht.DELETE_REASON_ = 'completed' AND ht.TASK_DEF_KEY_ IS NOT NULL"
                + " AND NOT EXISTS (SELECT 1 FROM work_item w WHERE w.task_id = ht.ID_)";
        String insert = "INSERT INTO work_item (task_id, process_instance_id, process_key, task_key, task_name, case_no, household_id, township_code,"
                + " assignee, owner_id, stage, state, created_at, due_at, list_due, completed_at, completed_by, completed_ms, urge_count, superseded)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'COMPLETED', ?, ?, ?, ?, ?, ?, 0, FALSE)";
        int n = 0;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(select); PreparedStatement p = c.prepareStatement(insert)) {
            while (rs.next()) {
                Timestamp start = rs.getTimestamp(12);
                Timestamp due = rs.getTimestamp(13);
                Timestamp end = rs.getTimestamp(14);
                for (int i = 1; i <= 6; i++) {
                    p.setString(i, rs.getString(i));
                }
                p.setObject(7, rs.getObject(7) == null ? null : rs.getLong(7));
                p.setString(8, rs.getString(8));
                p.setString(9, rs.getString(9));
                p.setString(10, rs.getString(10));
                p.setString(11, rs.getString(11));
                p.setTimestamp(12, start != null ? start : end);
                p.setTimestamp(13, due);
                p.setTimestamp(14, due != null ? due : Timestamp.valueOf("9999-12-31 00:00:00"));
                p.setTimestamp(15, end);
                p.setString(16, rs.getString(9) != null ? rs.getString(9) : "system");
                p.setLong(17, end.getTime());
                p.addBatch();
                if (++n % 1000 == 0) {
                    p.executeBatch();
                }
            }
            p.executeBatch();
        }
        return n;
    }

    private static boolean exists(Connection c, String table) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        for (String name : new String[] {table, table.toLowerCase()}) {
            try (ResultSet rs = md.getTables(c.getCatalog(), null, name, new String[] {"TABLE"})) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }
}
