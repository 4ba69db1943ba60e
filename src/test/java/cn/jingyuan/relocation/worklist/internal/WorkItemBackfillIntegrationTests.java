package cn.jingyuan.relocation.worklist.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.Context;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import cn.jingyuan.relocation.support.Api;
import cn.jingyuan.relocation.support.EmbeddedApplicationTest;
import cn.jingyuan.relocation.support.People;

/**
 * V071 on a database whose steps predate work_item: a running case two steps in loses its work items (as a case
 * opened before V040 never had them), the migration runs, and the case's open step is listed again with its holder, due date
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
        // given a running case past its first two steps (so it offers 退回 targets) whose work items are gone
        Api api = Api.at(port);
        String reviewer = "admin";
        String caseNo = register(api);
        complete(api, caseNo, "Task_VerifyHousehold",
                Map.of("decision", "APPROVE", "membersConfirmed", true, "category", "RISK_ZONE", "riskLevel", "HIGH"));
        complete(api, caseNo, "Task_RecordApplication", Map.of("willing", "APPLY", "applicationDate", LocalDate.now().toString()));
        String pid = jdbc.queryForObject("SELECT process_instance_id FROM household WHERE case_no = ?", String.class, caseNo);
        String task = jdbc.queryForObject("SELECT ID_ FROM ACT_RU_TASK WHERE PROC_INST_ID_ = ?", String.class, pid);
        String targets = api.as(reviewer).get("/api/tasks/{id}/return-targets", task).text();
        assertThat(targets).contains("Task_VerifyHousehold", "Task_RecordApplication");
        List<String> open = openRows(pid);
        List<String> candidates = candidateRows(pid);
        List<String> completed = jdbc.queryForList("SELECT CONCAT(task_id, '|', task_key, '|', completed_by) FROM work_item"
                + " WHERE process_instance_id = ? AND state = 'COMPLETED' ORDER BY task_id", String.class, pid);
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

    private void complete(Api api, String caseNo, String taskKey, Map<String, Object> fields) {
        String pid = jdbc.queryForObject("SELECT process_instance_id FROM household WHERE case_no = ?", String.class, caseNo);
        String id = jdbc.queryForObject("SELECT ID_ FROM ACT_RU_TASK WHERE PROC_INST_ID_ = ? AND TASK_DEF_KEY_ = ?", String.class, pid, taskKey);
        Api.Response r = api.as("xinmin.tf1").post("/api/tasks/{id}/complete", fields, id);
        assertThat(r.status()).as(r.toString()).isEqualTo(204);
    }

    private static String register(Api api) {
        People.Person head = People.person(1966, true, "户主");
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("planYear", 2046);
        h.put("township", "新民乡");
        h.put("village", "试点三村");
        h.put("villageGroup", "1组");
        h.put("category", "风险区管控");
        h.put("riskLevel", "高");
        h.put("phone", People.mobile());
        h.put("declaredSize", 1);
        h.put("members", List.of(Map.of("name", head.name(), "idNumber", head.idNumber(), "relation", head.relation())));
        Api.Response r = api.as("xinmin.tf1").post("/api/households", h);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().path("caseNo").asText();
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
