package cn.jingyuan.relocation.security;

import static cn.jingyuan.relocation.security.DoorCases.ENGINE;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ManagementService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import cn.jingyuan.relocation.support.Api;
import cn.jingyuan.relocation.support.EmbeddedApplicationTest;

/**
 * Opinions that may name people, submitted to a case's steps through each door ({@code /api}, {@code /engine-rest},
 * Tasklist's form submission), are in no row of the engine's history or run-time variable tables, and the case file
 * still shows them to those who may see the case.
 */
@EmbeddedApplicationTest
class PersonalValuesOutOfHistoryIntegrationTests {

    static final String TF = "huanghua.tf1";

    @LocalServerPort
    int port;
    @Autowired
    ManagementService management;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PiiCipher cipher;

    DoorCases cases;
    Api api;

    @BeforeEach
    void connect() {
        cases = new DoorCases(port, management, jdbc);
        api = Api.at(port);
    }

    private long engineRowsHolding(String text) {
        long n = 0;
        for (String table : List.of("ACT_HI_VARINST", "ACT_HI_DETAIL", "ACT_RU_VARIABLE")) {
            n += jdbc.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE TEXT_ LIKE ? OR TEXT2_ LIKE ?", Long.class,
                    "%" + text + "%", "%" + text + "%");
        }
        return n;
    }

    @Test
    void opinionsSubmittedThroughEveryDoorStayOutOfTheEnginesTablesAndInTheCaseFile() {
        DoorCases.Case c = cases.open("黄花乡", "huanghua");
        String tag = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        String throughApi = "户主之妹马桂兰愿同住-" + tag + "-api";
        String throughEngine = "亲属马建国家可投靠,地址向阳村3组12号-" + tag + "-engine";
        String throughTasklist = "会上马桂兰代为签字-" + tag + "-tasklist";

        // /api
        String verify = cases.task(c, "Task_VerifyHousehold");
        Map<String, Object> values = new LinkedHashMap<>(SecurityFixture.formValues(api, verify, TF));
        values.put("comment", throughApi);
        Api.Response done = api.as(TF).post("/api/tasks/{id}/complete", values, verify);
        assertThat(done.status()).as(done.toString()).isEqualTo(204);

        // /engine-rest
        String apply = cases.task(c, "Task_RecordApplication");
        Map<String, Object> vars = new LinkedHashMap<>(cases.engineVariables(apply, TF));
        vars.put("comment", Map.of("value", throughEngine));
        Api.Response engine = api.as(TF).post(ENGINE + "/task/{id}/complete", Map.of("variables", vars), apply);
        assertThat(engine.status()).as(engine.toString()).isEqualTo(204);

        // Tasklist's form submission, with the browser's session and XSRF token
        String meeting = cases.task(c, "Task_VillageMeeting");
        Map<String, Object> form = new LinkedHashMap<>(cases.engineVariables(meeting, TF));
        form.put("comment", Map.of("value", throughTasklist));
        HttpResponse<String> submitted = cases.tasklist(TF).send("POST", "/task/" + meeting + "/submit-form", Map.of("variables", form));
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(204);
        assertThat(cases.stage(c)).isEqualTo("PUBLIC_NOTICE");

        // no row of the engine's variable and history tables holds any of them
        assertThat(engineRowsHolding(tag)).isZero();
        // the case history does, encrypted, and the case file shows them to the township's people and the county
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM case_event WHERE case_no = ? AND comment LIKE ?", Long.class, c.caseNo(), "%" + tag + "%"))
                .isZero();
        assertThat(jdbc.queryForList("SELECT comment FROM case_event WHERE case_no = ? AND comment IS NOT NULL", String.class, c.caseNo()).stream()
                .map(cipher::decrypt).filter(s -> s.contains(tag)).toList())
                .containsExactlyInAnyOrder(throughApi, throughEngine, throughTasklist);
        for (String user : List.of("officer", "huanghua.lead", TF)) {
            Api.Response file = api.as(user).get("/api/cases/{c}", c.caseNo());
            assertThat(file.status()).as(user + " " + file).isEqualTo(200);
            assertThat(file.text()).as(user).contains(throughApi, throughEngine, throughTasklist);
        }
        // and nobody of another township sees the case at all
        Api.Response other = api.as("xiangshui.tf1").get("/api/cases/{c}", c.caseNo());
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.text()).doesNotContain(tag);
    }

    @Test
    void personalValuesInHistoryWrittenBeforeTheHandlerAreTakenOutByTheMigrationAndOthersStay() throws Exception {
        String tag = "旧史" + System.nanoTime() % 1_000_000_000L;
        String id = "old-" + tag.hashCode();
        // as an older version left them: a relative's name and an opinion of a case, a plan's comment, a decision
        jdbc.update("INSERT INTO ACT_HI_VARINST (ID_, PROC_DEF_KEY_, PROC_DEF_ID_, NAME_, VAR_TYPE_, TEXT_) VALUES (?, ?, ?, ?, 'string', ?)",
                id + "v1", "RelocationCaseProcess", "RelocationCaseProcess:1:x", "relativeName", tag + "马桂兰");
        jdbc.update("INSERT INTO ACT_HI_DETAIL (ID_, TYPE_, TIME_, PROC_DEF_KEY_, PROC_DEF_ID_, NAME_, VAR_TYPE_, TEXT_) VALUES (?, 'VariableUpdate',"
                + " CURRENT_TIMESTAMP, ?, ?, ?, 'string', ?)", id + "d1", null, "RelocationCaseProcess:1:x", "comment", tag + "意见");
        jdbc.update("INSERT INTO ACT_HI_DETAIL (ID_, TYPE_, TIME_, PROC_DEF_KEY_, PROC_DEF_ID_, NAME_, VAR_TYPE_, TEXT_) VALUES (?, 'VariableUpdate',"
                + " CURRENT_TIMESTAMP, ?, ?, ?, 'string', ?)", id + "d2", "AnnualPlanProcess", "AnnualPlanProcess:1:x", "comment", tag + "同意");
        jdbc.update("INSERT INTO ACT_HI_VARINST (ID_, PROC_DEF_KEY_, PROC_DEF_ID_, NAME_, VAR_TYPE_, TEXT_) VALUES (?, ?, ?, ?, 'string', ?)",
                id + "v2", "RelocationCaseProcess", "RelocationCaseProcess:1:x", "decision", tag + "APPROVE");
        try {
            int changed;
            try (java.sql.Connection c = jdbc.getDataSource().getConnection()) {
                changed = PersonalHistoryMigration.scrub(c);
            }
            assertThat(changed).isGreaterThanOrEqualTo(2);
            assertThat(jdbc.queryForList("SELECT TEXT_ FROM ACT_HI_VARINST WHERE ID_ LIKE ? ORDER BY ID_", String.class, id + "%"))
                    .containsExactly(null, tag + "APPROVE");
            assertThat(jdbc.queryForList("SELECT TEXT_ FROM ACT_HI_DETAIL WHERE ID_ LIKE ? ORDER BY ID_", String.class, id + "%"))
                    .containsExactly(null, tag + "同意");
        } finally {
            jdbc.update("DELETE FROM ACT_HI_VARINST WHERE ID_ LIKE ?", id + "%");
            jdbc.update("DELETE FROM ACT_HI_DETAIL WHERE ID_ LIKE ?", id + "%");
        }
    }
}
