package cn.jingyuan.relocation.security;

import static cn.jingyuan.relocation.security.DoorCases.ENGINE;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import org.camunda.bpm.engine.ManagementService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import cn.jingyuan.relocation.security.DoorCases.Case;
import cn.jingyuan.relocation.support.Api;

/**
 * The attack of issue 11 through both engine doors: a 黄花乡 task-force member writes {@code householdId} of their own
 * task to a 香水镇 household that waits for the leaders, then completes the task with an extra variable. Through
 * {@code /engine-rest} (HTTP Basic) and through Tasklist's {@code /camunda/api/engine} (browser session and XSRF
 * token) the write is refused (403), the completion is refused (400 naming the variable), and neither case moves;
 * the same person completing the same task with its form's own fields succeeds (the positive control).
 */
abstract class EngineDoorsContract {

    static final String TF = "huanghua.tf1";

    @LocalServerPort
    int port;
    @Autowired
    ManagementService management;
    @Autowired
    JdbcTemplate jdbc;

    Api api;
    DoorCases cases;

    @BeforeEach
    void connect() {
        api = Api.at(port);
        cases = new DoorCases(port, management, jdbc);
    }

    @Test
    void theEngineRestApiNeitherWritesAVariableNorCompletesWithAnExtraOne() {
        Case own = cases.open("黄花乡", "huanghua");
        Case foreign = cases.awaitingBatch(cases.open("香水镇", "xiangshui"));
        String task = cases.task(own, "Task_VerifyHousehold");
        Api tf = api.as(TF);

        Api.Response write = tf.put(ENGINE + "/task/{id}/variables/householdId", Map.of("value", foreign.household(), "type", "Long"), task);
        assertThat(write.status()).as(write.toString()).isEqualTo(403);
        Api.Response local = tf.put(ENGINE + "/task/{id}/localVariables/householdId", Map.of("value", foreign.household(), "type", "Long"), task);
        assertThat(local.status()).as(local.toString()).isEqualTo(403);
        Api.Response modify = tf.post(ENGINE + "/task/{id}/variables", Map.of("modifications",
                Map.of("householdId", Map.of("value", foreign.household(), "type", "Long"))), task);
        assertThat(modify.status()).as(modify.toString()).isEqualTo(403);

        Map<String, Object> vars = new LinkedHashMap<>(cases.engineVariables(task, TF));
        vars.put("householdId", Map.of("value", foreign.household(), "type", "Long"));
        Api.Response complete = tf.post(ENGINE + "/task/{id}/complete", Map.of("variables", vars), task);
        assertThat(complete.status()).as(complete.toString()).isEqualTo(400);
        assertThat(complete.text()).contains("householdId");

        assertThat(cases.stage(foreign)).isEqualTo("AWAITING_BATCH_APPROVAL");
        assertThat(cases.stage(own)).isEqualTo("IDENTIFIED");
        assertThat(cases.task(own, "Task_VerifyHousehold")).isEqualTo(task);

        Api.Response done = tf.post(ENGINE + "/task/{id}/complete", Map.of("variables", cases.engineVariables(task, TF)), task);
        assertThat(done.status()).as(done.toString()).isEqualTo(204);
        assertThat(cases.stage(own)).isEqualTo("APPLICATION");
        assertThat(cases.stage(foreign)).isEqualTo("AWAITING_BATCH_APPROVAL");
    }

    @Test
    void tasklistsOwnApiNeitherWritesAVariableNorCompletesWithAnExtraOne() {
        Case own = cases.open("黄花乡", "huanghua");
        Case foreign = cases.awaitingBatch(cases.open("香水镇", "xiangshui"));
        String task = cases.task(own, "Task_VerifyHousehold");
        // CSRF protection: a write without the XSRF token is refused, and Tasklist ends that session
        DoorCases.Tasklist forged = cases.tasklist(TF);
        HttpResponse<String> withoutToken = forged.send("PUT", "/task/" + task + "/variables/householdId",
                Map.of("value", foreign.household(), "type", "Long"), false);
        assertThat(withoutToken.statusCode()).as(withoutToken.body()).isEqualTo(403);
        assertThat(forged.get("/task/count").statusCode()).isEqualTo(401);

        DoorCases.Tasklist tasklist = cases.tasklist(TF);
        HttpResponse<String> write = tasklist.send("PUT", "/task/" + task + "/variables/householdId",
                Map.of("value", foreign.household(), "type", "Long"));
        assertThat(write.statusCode()).as(write.body()).isEqualTo(403);

        Map<String, Object> vars = new LinkedHashMap<>(cases.engineVariables(task, TF));
        vars.put("householdId", Map.of("value", foreign.household(), "type", "Long"));
        HttpResponse<String> submit = tasklist.send("POST", "/task/" + task + "/submit-form", Map.of("variables", vars));
        assertThat(submit.statusCode()).as(submit.body()).isEqualTo(400);
        assertThat(submit.body()).contains("householdId");
        assertThat(cases.stage(foreign)).isEqualTo("AWAITING_BATCH_APPROVAL");
        assertThat(cases.stage(own)).isEqualTo("IDENTIFIED");

        HttpResponse<String> done = tasklist.send("POST", "/task/" + task + "/submit-form", Map.of("variables", cases.engineVariables(task, TF)));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(204);
        assertThat(cases.stage(own)).isEqualTo("APPLICATION");
        assertThat(cases.stage(foreign)).isEqualTo("AWAITING_BATCH_APPROVAL");
    }

    @Test
    void aCompletionThroughTheEngineKeepsTheFormsRulesAndTheHolder() {
        Case c = cases.open("黄花乡", "huanghua");
        String task = cases.task(c, "Task_VerifyHousehold");
        // a value the form does not allow: 400 naming the field, not a 500
        Map<String, Object> vars = new LinkedHashMap<>(cases.engineVariables(task, TF));
        vars.put("riskLevel", Map.of("value", "EXTREME-ISH"));
        Api.Response bad = api.as(TF).post(ENGINE + "/task/{id}/complete", Map.of("variables", vars), task);
        assertThat(bad.status()).as(bad.toString()).isEqualTo(400);
        assertThat(bad.text()).contains("riskLevel");
        // held by a colleague: the other member may neither complete nor take it, as in /api (409)
        assertThat(api.as("huanghua.tf2").post("/api/tasks/{id}/claim", Map.of(), task).status()).isEqualTo(204);
        Api.Response held = api.as(TF).post(ENGINE + "/task/{id}/complete", Map.of("variables", cases.engineVariables(task, "huanghua.tf2")), task);
        assertThat(held.status()).as(held.toString()).isEqualTo(409);
        Api.Response claim = api.as(TF).post(ENGINE + "/task/{id}/claim", Map.of("userId", TF), task);
        assertThat(claim.status()).as(claim.toString()).isIn(403, 409);
        Api.Response assign = api.as(TF).post(ENGINE + "/task/{id}/assignee", Map.of("userId", TF), task);
        assertThat(assign.status()).as(assign.toString()).isEqualTo(403);
        assertThat(cases.holder(c, "Task_VerifyHousehold")).isEqualTo("huanghua.tf2");
        assertThat(cases.stage(c)).isEqualTo("IDENTIFIED");
        // another township's member: not found or forbidden, whatever they try
        Api other = api.as("xiangshui.tf1");
        assertThat(other.get(ENGINE + "/task/{id}", task).status()).isIn(403, 404);
        assertThat(other.get(ENGINE + "/task/{id}/variables", task).status()).isIn(403, 404);
        assertThat(other.get(ENGINE + "/task/{id}/form-variables", task).status()).isIn(403, 404);
        assertThat(other.post(ENGINE + "/task/{id}/complete", Map.of("variables", cases.engineVariables(task, "huanghua.tf2")), task).status())
                .isIn(403, 404);
        assertThat(cases.stage(c)).isEqualTo("IDENTIFIED");
        // the holder does it
        Api.Response done = api.as("huanghua.tf2").post(ENGINE + "/task/{id}/complete",
                Map.of("variables", cases.engineVariables(task, "huanghua.tf2")), task);
        assertThat(done.status()).as(done.toString()).isEqualTo(204);
        assertThat(cases.stage(c)).isEqualTo("APPLICATION");
    }

    @Test
    void nobodySkipsThePasswordRulesThroughTheEngine() {
        String id = "door.pw" + System.nanoTime() % 1_000_000_000L;
        Api.Response created = api.as("admin").post("/api/accounts", Map.of("id", id, "name", "门测", "role", "TOWNSHIP_TASK_FORCE",
                "township", "黄花乡"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String otp = created.json().path("oneTimePassword").asText();
        String good = "门测口令-2026-足够长";
        assertThat(api.as(id, otp).post("/api/me/password", Map.of("oldPassword", otp, "newPassword", good)).status()).isEqualTo(204);

        Api.Response weak = api.as(id, good).put(ENGINE + "/user/{id}/credentials", Map.of("password", "123", "authenticatedUserPassword", good), id);
        assertThat(weak.status()).as(weak.toString()).isEqualTo(403);
        assertThat(api.as(id, good).get("/api/tasks").status()).isEqualTo(200);
        assertThat(api.as(id, "123").get("/api/tasks").status()).isEqualTo(401);
    }
}
