package cn.jingyuan.relocation.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.runtime.Job;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.jingyuan.relocation.support.Api;
import cn.jingyuan.relocation.support.Ledger;

/**
 * Cases of their own for the tests of the doors (/api, /engine-rest, Tasklist's /camunda/api/engine): each call of
 * {@link #open} registers one new household of plan year {@link #YEAR} (which nothing else uses), so a test that
 * moves a case moves only its own.
 */
final class DoorCases {

    static final int YEAR = 2062;
    static final String ENGINE = "/engine-rest";
    static final String TASKLIST = "/camunda/api/engine/engine/default";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Api api;
    private final ManagementService management;
    private final JdbcTemplate jdbc;
    private final int port;

    record Case(long household, String caseNo, String slug) {
    }

    DoorCases(int port, ManagementService management, JdbcTemplate jdbc) {
        this.api = Api.at(port);
        this.port = port;
        this.management = management;
        this.jdbc = jdbc;
    }

    /** A new household of {@code township} (Chinese name; {@code slug} its account prefix), its case at 核实认定. */
    Case open(String township, String slug) {
        Ledger l = Ledger.create().household(YEAR, township, "安防门测村", 2);
        Api.Response imported = api.as("officer").upload("/api/households/import", "门测台账.csv", l.csv());
        assertThat(imported.status()).as(imported.toString()).isEqualTo(200);
        JsonNode page = api.as("officer").get("/api/households?year={y}&q={q}", YEAR, l.get(1, "户主身份证号")).json();
        assertThat(page.path("total").asLong()).as(page.toString()).isEqualTo(1);
        JsonNode h = page.path("items").get(0);
        return new Case(h.path("id").asLong(), h.path("caseNo").asText(), slug);
    }

    /** Drives the case through /api, as its township and the county would, until it waits for the leaders' batch. */
    Case awaitingBatch(Case c) {
        SecurityFixture.complete(api, c.caseNo, "Task_VerifyHousehold", c.slug + ".tf1");
        SecurityFixture.complete(api, c.caseNo, "Task_RecordApplication", c.slug + ".tf1");
        SecurityFixture.complete(api, c.caseNo, "Task_VillageMeeting", c.slug + ".tf1");
        String pid = jdbc.queryForObject("SELECT process_instance_id FROM household WHERE case_no = ?", String.class, c.caseNo);
        Job timer = management.createJobQuery().processInstanceId(pid).timers().singleResult();
        management.executeJob(timer.getId());
        SecurityFixture.complete(api, c.caseNo, "Task_TownshipReview", c.slug + ".lead");
        SecurityFixture.complete(api, c.caseNo, "Task_CountyReview", "officer");
        assertThat(stage(c)).isEqualTo("AWAITING_BATCH_APPROVAL");
        return c;
    }

    String stage(Case c) {
        return api.as("officer").get("/api/cases/{c}", c.caseNo).json().path("stage").asText();
    }

    String task(Case c, String taskKey) {
        return SecurityFixture.openTask(api, c.caseNo, taskKey);
    }

    /** Who holds the case's open task {@code taskKey} (null: nobody). */
    String holder(Case c, String taskKey) {
        for (JsonNode t : api.as("officer").get("/api/cases/{c}", c.caseNo).json().path("openTasks")) {
            if (t.path("taskDefinitionKey").asText().equals(taskKey)) {
                return t.hasNonNull("assignee") ? t.path("assignee").asText() : null;
            }
        }
        throw new AssertionError("no open " + taskKey + " in " + c.caseNo);
    }

    /** The values that complete the task through /api, as the engine REST API's {@code variables}. */
    Map<String, Object> engineVariables(String taskId, String user) {
        Map<String, Object> vars = new LinkedHashMap<>();
        SecurityFixture.formValues(api, taskId, user).forEach((k, v) -> vars.put(k, Map.of("value", v)));
        return vars;
    }

    /** A browser logged in as {@code user} through the login form, with Tasklist's XSRF token fetched. */
    Tasklist tasklist(String user) {
        Http browser = Http.browser(port);
        HttpResponse<String> login = browser.login(user, "demo", browser.csrfToken());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElse("")).doesNotContain("error");
        HttpResponse<String> first = browser.get(TASKLIST + "/task/count");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        String token = first.headers().firstValue("X-XSRF-TOKEN").orElseThrow(() -> new AssertionError("no XSRF token from Tasklist's API"));
        return new Tasklist(browser, token);
    }

    /** Tasklist's own API, with the browser session and its XSRF token, as the Tasklist page calls it. */
    record Tasklist(Http browser, String xsrf) {

        HttpResponse<String> get(String path) {
            return browser.send("GET", TASKLIST + path, null, null, Map.of());
        }

        HttpResponse<String> send(String method, String path, Object body) {
            return send(method, path, body, true);
        }

        HttpResponse<String> send(String method, String path, Object body, boolean withToken) {
            try {
                return browser.send(method, TASKLIST + path, "application/json", body == null ? null : JSON.writeValueAsString(body),
                        withToken ? Map.of("X-XSRF-TOKEN", xsrf) : Map.of());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException(e);
            }
        }
    }
}
