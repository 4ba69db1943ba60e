package cn.jingyuan.relocation.worklist.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.List;

import javax.sql.DataSource;

import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.Context;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import cn.jingyuan.relocation.support.Api;
import cn.jingyuan.relocation.support.EmbeddedApplicationTest;

/**
 * V071 on a database whose steps predate work_item: a running demo case loses its work items (as a case opened
 * before V040 never had them), the migration runs, and the case's open step is listed again with its holder, due date
 * and candidate groups, and offers the same 退回 targets as before.
 */
@EmbeddedApplicationTest
class WorkItemBackfillIntegrationTests {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataSource dataSource;

    @Test
    void stepsWithoutWorkItemsGetThemBackAndOldCasesOfferTheirReturnTargets() throws Exception {
        // given a running case at the township review (its earlier steps completed) whose work items are gone
        String pid = jdbc.queryForObject("SELECT MIN(t.PROC_INST_ID_) FROM ACT_RU_TASK t WHERE t.TASK_DEF_KEY_ = 'Task_TownshipReview'"
                + " AND EXISTS (SELECT 1 FROM work_item w WHERE w.process_instance_id = t.PROC_INST_ID_ AND w.state = 'COMPLETED')", String.class);
        assertThat(pid).as("a demo case at the township review").isNotNull();
        String task = jdbc.queryForObject("SELECT ID_ FROM ACT_RU_TASK WHERE PROC_INST_ID_ = ? AND TASK_DEF_KEY_ = 'Task_TownshipReview'", String.class, pid);
        Api api = Api.at(port);
        String group = jdbc.queryForObject("SELECT group_id FROM work_item_candidate WHERE task_id = ?", String.class, task);
        String reviewer = group.replace("lead-", "") + ".lead";
        String targets = api.as(reviewer).get("/api/tasks/{id}/return-targets", task).text();
        List<String> open = openRows(pid);
        List<String> candidates = candidateRows(pid);
        List<String> completed = jdbc.queryForList("SELECT CONCAT(task_id, '|', task_key, '|', completed_by) FROM work_item"
                + " WHERE process_instance_id = ? AND state = 'COMPLETED' ORDER BY task_id", String.class, pid);
        assertThat(targets).contains("taskKey");
        jdbc.update("DELETE FROM work_item_candidate WHERE task_id IN (SELECT task_id FROM work_item WHERE process_instance_id = ?)", pid);
        jdbc.update("DELETE FROM work_item WHERE process_instance_id = ?", pid);
        assertThat(api.as(reviewer).get("/api/tasks?scope=all&size=500").text()).doesNotContain(task);

        // when the migration runs
        try (Connection c = dataSource.getConnection()) {
            new V071__BackfillWorkItems().migrate(new Context() {
                @Override
                public Configuration getConfiguration() {
                    return null;
                }

                @Override
                public Connection getConnection() {
                    return c;
                }
            });
        }

        // then the case's steps are back as the listener kept them
        assertThat(openRows(pid)).isEqualTo(open);
        assertThat(candidateRows(pid)).isEqualTo(candidates);
        assertThat(jdbc.queryForList("SELECT CONCAT(task_id, '|', task_key, '|', completed_by) FROM work_item"
                + " WHERE process_instance_id = ? AND state = 'COMPLETED' ORDER BY task_id", String.class, pid)).containsAll(completed);
        assertThat(api.as(reviewer).get("/api/tasks?scope=all&size=500").text()).contains(task);
        assertThat(api.as(reviewer).get("/api/tasks/{id}/return-targets", task).text()).isEqualTo(targets);
    }

    private List<String> openRows(String pid) {
        return jdbc.queryForList("SELECT CONCAT(task_id, '|', task_key, '|', COALESCE(assignee, '-'), '|', COALESCE(CAST(due_at AS CHAR(19)), '-'),"
                + " '|', CAST(list_due AS CHAR(19)), '|', COALESCE(township_code, '-'), '|', COALESCE(case_no, '-'), '|', COALESCE(candidate_group, '-'))"
                + " FROM work_item WHERE process_instance_id = ? AND state = 'OPEN' ORDER BY task_id", String.class, pid);
    }

    private List<String> candidateRows(String pid) {
        return jdbc.queryForList("SELECT CONCAT(c.task_id, '|', c.group_id, '|', COALESCE(c.assignee, '-'), '|', CAST(c.list_due AS CHAR(19)))"
                + " FROM work_item_candidate c JOIN work_item w ON w.task_id = c.task_id WHERE w.process_instance_id = ? ORDER BY 1", String.class, pid);
    }
}
