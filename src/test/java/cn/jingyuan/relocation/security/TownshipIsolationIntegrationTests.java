package cn.jingyuan.relocation.security;

import static cn.jingyuan.relocation.security.SecurityFixture.OTHER;
import static cn.jingyuan.relocation.security.SecurityFixture.OTHER_CODE;
import static cn.jingyuan.relocation.security.SecurityFixture.OTHER_NAME;
import static cn.jingyuan.relocation.security.SecurityFixture.OWN;
import static cn.jingyuan.relocation.security.SecurityFixture.OWN_CODE;
import static cn.jingyuan.relocation.security.SecurityFixture.OWN_NAME;
import static cn.jingyuan.relocation.security.SecurityFixture.VILLAGE;
import static cn.jingyuan.relocation.security.SecurityFixture.YEAR;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import cn.jingyuan.relocation.support.Api;
import cn.jingyuan.relocation.support.EmbeddedApplicationTest;
import cn.jingyuan.relocation.support.Ledger;

/**
 * A township user never meets another township's records: asked for by id they are not found (404), and no list,
 * export, notice, statistics or workload carries them. 兴盛乡's users ask for the {@link SecurityFixture}'s 新民乡
 * records; each check also shows that they do see their own, so an empty answer is not mistaken for isolation.
 */
@EmbeddedApplicationTest
class TownshipIsolationIntegrationTests {

    static final String TF = OTHER + ".tf1";
    static final String LEAD = OTHER + ".lead";

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcTemplate jdbc;

    SecurityFixture f;
    Api api;

    @BeforeEach
    void fixture() {
        api = Api.at(port);
        f = SecurityFixture.of(port, context);
    }

    @Test
    void anotherTownshipsHouseholdIsNotFoundAndInNoList() {
        for (String user : List.of(TF, LEAD)) {
            assertThat(api.as(user).get("/api/households/{id}", f.household).status()).isEqualTo(404);
            assertThat(api.as(user).get("/api/households/{id}?reveal=true", f.household).status()).isEqualTo(404);
            JsonNode page = api.as(user).get("/api/households?year={y}&size=500", YEAR).json();
            assertThat(page.path("items").findValuesAsText("caseNo")).containsExactly(f.otherCaseNo);
            assertThat(page.path("total").asLong()).isEqualTo(1);
            assertNoneOfOwn(page.toString());
            // neither asking for the township, nor for a person or a case number, finds anything
            assertThat(api.as(user).get("/api/households?year={y}&township={t}", YEAR, OWN_NAME).json().path("total").asLong()).isZero();
            assertThat(api.as(user).get("/api/households?q={q}", f.headId).json().path("total").asLong()).isZero();
            assertThat(api.as(user).get("/api/households?q={q}", f.caseNo).json().path("total").asLong()).isZero();
            assertThat(api.as(user).get("/api/households?q={q}", f.headName).json().path("items").findValuesAsText("caseNo"))
                    .doesNotContainAnyElementsOf(f.ownCaseNos());
        }
        assertThat(api.as(TF).put("/api/households/{id}", Map.of("version", 0), f.household).status()).isEqualTo(404);
        // and the other way round
        assertThat(api.as(OWN + ".tf1").get("/api/households/{id}", f.otherHousehold).status()).isEqualTo(404);
        assertThat(api.as(OWN + ".tf1").get("/api/households/{id}", f.household).status()).isEqualTo(200);
    }

    @Test
    void anotherTownshipsCaseAndCaseFileAreNotFound() {
        for (String user : List.of(TF, LEAD)) {
            for (String caseNo : f.ownCaseNos()) {
                Api.Response c = api.as(user).get("/api/cases/{c}", caseNo);
                assertThat(c.status()).as(c.toString()).isEqualTo(404);
                assertThat(c.text()).doesNotContain(f.headName);
                assertThat(api.as(user).get("/api/cases/{c}/file", caseNo).status()).isEqualTo(404);
            }
            assertThat(api.as(user).post("/api/cases/{c}/objections", Map.of("content", "异议"), f.noticeCase).status()).isEqualTo(404);
            assertThat(api.as(user).get("/api/cases/{c}", f.otherCaseNo).status()).isEqualTo(200);
            assertThat(api.as(user).get("/api/cases/{c}/file", f.otherCaseNo).status()).isEqualTo(200);
        }
    }

    @Test
    void anotherTownshipsTasksAndTheirFormsAreNotFoundAndInNoTaskList() {
        List<String> ownTasks = List.of(f.task, f.heldTask);
        for (String user : List.of(TF, LEAD)) {
            for (String task : ownTasks) {
                assertThat(api.as(user).get("/api/tasks/{id}/form", task).status()).isEqualTo(404);
                assertThat(api.as(user).post("/api/tasks/{id}/claim", Map.of(), task).status()).isEqualTo(404);
                assertThat(api.as(user).post("/api/tasks/{id}/complete", Map.of(), task).status()).isEqualTo(404);
            }
            for (String scope : List.of("all", "group", "mine")) {
                JsonNode tasks = api.as(user).get("/api/tasks?scope={s}&size=500", scope).json();
                assertThat(tasks.path("items").findValuesAsText("id")).doesNotContainAnyElementsOf(ownTasks);
                assertThat(tasks.path("items").findValuesAsText("caseNo")).doesNotContainAnyElementsOf(f.ownCaseNos());
                assertThat(tasks.path("items").findValuesAsText("townshipCode")).doesNotContain(OWN_CODE);
            }
            assertThat(api.as(user).get("/api/tasks?township={t}", OWN_NAME).json().path("total").asLong()).isZero();
        }
        assertThat(api.as(TF).get("/api/tasks?scope=all&size=500").json().path("items").findValuesAsText("id")).contains(f.otherTask);
        assertThat(api.as(TF).get("/api/tasks/{id}/form", f.otherTask).status()).isEqualTo(200);
    }

    @Test
    void theEngineRestApiShowsNoTaskOrCaseOfAnotherTownship() {
        for (String user : List.of(TF, LEAD)) {
            for (String path : List.of("/engine-rest/task?maxResults=2000", "/engine-rest/process-instance?maxResults=2000",
                    "/engine-rest/history/process-instance?maxResults=2000", "/engine-rest/history/task?maxResults=2000",
                    "/engine-rest/variable-instance?maxResults=2000", "/engine-rest/history/variable-instance?maxResults=2000")) {
                Api.Response r = api.as(user).get(path);
                assertThat(r.status()).as(path + " " + r).isEqualTo(200);
                for (String secret : List.of(f.task, f.heldTask, f.caseNo, f.noticeCase, f.batchCase)) {
                    assertThat(r.text()).as(user + " " + path).doesNotContain(secret);
                }
            }
            Api.Response one = api.as(user).get("/engine-rest/task/{id}", f.task);
            assertThat(one.status()).as(one.toString()).isIn(403, 404);
            assertThat(one.text()).doesNotContain(f.caseNo);
        }
        assertThat(api.as(TF).get("/engine-rest/task?maxResults=2000").text()).contains(f.otherTask);
    }

    @Test
    void anotherTownshipsVillagesAreNotListedAndTheirCadreCannotBeSet() {
        Api.Response set = api.as(LEAD).put("/api/villages/{id}/cadre", Map.of("userId", TF), f.village);
        assertThat(set.status()).as(set.toString()).isEqualTo(404);
        assertThat(jdbc.queryForObject("SELECT cadre_user_id FROM village WHERE id = ?", String.class, f.village)).isNull();
        for (String user : List.of(TF, LEAD)) {
            JsonNode villages = api.as(user).get("/api/villages").json();
            assertThat(villages.findValuesAsText("townshipCode")).isNotEmpty().containsOnly(OTHER_CODE);
            assertThat(villages.findValuesAsText("name")).doesNotContain(VILLAGE);
            assertThat(api.as(user).get("/api/villages?township={t}", OWN_NAME).json()).isEmpty();
        }
    }

    @Test
    void batchesAreNotFoundForTownshipUsersAndTheirListsAreRefused() {
        for (String user : List.of(TF, LEAD, OWN + ".tf1", OWN + ".lead")) {
            for (String path : List.of("/api/batches/{id}", "/api/batches/{id}/sheet")) {
                Api.Response r = api.as(user).get(path, f.batch);
                assertThat(r.status()).as(r.toString()).isEqualTo(404);
                assertNoneOfOwn(r.text());
            }
            assertThat(api.as(user).post("/api/batches/{id}/decision", Map.of("decision", "APPROVE", "comment", "同意"), f.batch).status())
                    .isEqualTo(404);
            for (String path : List.of("/api/batches?year=" + YEAR, "/api/batches/export", "/api/batches/candidates?year=" + YEAR)) {
                Api.Response r = api.as(user).get(path);
                assertThat(r.status()).as(path).isEqualTo(403);
                assertNoneOfOwn(r.text());
            }
        }
        assertThat(api.as("officer").get("/api/batches/{id}", f.batch).text()).contains(f.batchCase);
    }

    @Test
    void statisticsOfATownshipUserHoldTheirOwnTownshipOnly() {
        for (String user : List.of(TF, LEAD)) {
            JsonNode mine = api.as(user).get("/api/plans/{y}/statistics", YEAR).json();
            assertThat(mine.path("byTownship").findValuesAsText("code")).containsExactly(OTHER_CODE);
            assertThat(mine.path("planned").path("households").asInt()).isEqualTo(1);
            assertThat(mine.path("byStage").isMissingNode() || mine.path("byStage").isNull()).as(mine.toString()).isTrue();
            assertThat(mine.path("byMode").isMissingNode() || mine.path("byMode").isNull()).as(mine.toString()).isTrue();
            assertThat(mine.toString()).doesNotContain(OWN_CODE).doesNotContain(OWN_NAME);

            JsonNode demo = api.as(user).get("/api/plans/2025/statistics").json();
            assertThat(demo.path("byTownship").findValuesAsText("code")).containsOnly(OTHER_CODE);
            JsonNode plan = api.as(user).get("/api/plans/2025").json();
            assertThat(plan.path("targets").findValuesAsText("townshipCode")).containsOnly(OTHER_CODE);
            assertThat(api.as(user).get("/api/plans/2025/report").status()).isEqualTo(403);
            assertThat(api.as(user).post("/api/plans/2024/rollover?dryRun=true", Map.of()).status()).isEqualTo(403);
        }
        JsonNode county = api.as("officer").get("/api/plans/{y}/statistics", YEAR).json();
        assertThat(county.path("byTownship").findValuesAsText("code")).containsExactlyInAnyOrder(OWN_CODE, OTHER_CODE);
        assertThat(county.path("planned").path("households").asInt()).isEqualTo(5);
    }

    @Test
    void theLedgerExportOfATownshipUserHoldsTheirOwnRowsOnly() {
        for (String user : List.of(TF, LEAD)) {
            Api.Response csv = api.as(user).get("/api/households/export?year={y}&format=csv", YEAR);
            assertThat(csv.status()).isEqualTo(200);
            Ledger export = Ledger.parseCsv(csv.body());
            assertThat(export.size()).isEqualTo(2);
            assertThat(export.column("乡镇", 1, 2)).containsOnly(OTHER_NAME);
            assertNoneOfOwn(csv.text());
            Api.Response asked = api.as(user).get("/api/households/export?year={y}&township={t}&format=csv", YEAR, OWN_NAME);
            assertThat(asked.status()).as(asked.toString()).isEqualTo(404);
            assertNoneOfOwn(asked.text());
        }
        Ledger county = Ledger.parseCsv(api.as("deputy").get("/api/households/export?year={y}&format=csv", YEAR).body());
        assertThat(county.size()).isEqualTo(f.ledger.size());
    }

    @Test
    void thePublicNoticeOfAnotherTownshipsVillageListsNobody() {
        String noticeHead = api.as("officer").get("/api/cases/{c}", f.noticeCase).json().path("headName").asText();
        Api.Response county = api.as("officer").get("/api/public-notices?year={y}&township={t}&village={v}", YEAR, OWN_NAME, VILLAGE);
        assertThat(county.text()).contains(noticeHead);
        for (String user : List.of(TF, LEAD)) {
            for (String format : List.of("html", "xlsx")) {
                Api.Response notice = api.as(user).get("/api/public-notices?year={y}&township={t}&village={v}&format={f}", YEAR, OWN_NAME,
                        VILLAGE, format);
                assertThat(notice.status()).isIn(200, 404);
                assertThat(notice.text()).doesNotContain(noticeHead);
                assertNoneOfOwn(notice.text());
            }
        }
    }

    @Test
    void theWorkloadOfAnotherTownshipIsNotFoundAndTheirMembersAreNotListed() {
        Api.Response asked = api.as(LEAD).get("/api/workload?township={t}", OWN_NAME);
        assertThat(asked.status()).as(asked.toString()).isEqualTo(404);
        Api.Response reassign = api.as(LEAD).post("/api/workload/reassign", Map.of("township", OWN_NAME, "from", OWN + ".tf2", "to", OWN + ".tf1"));
        assertThat(reassign.status()).as(reassign.toString()).isEqualTo(404);
        assertThat(api.as(OWN + ".lead").get("/api/cases/{c}", f.heldCase).json().path("openTasks").get(0).path("assignee").asText())
                .isEqualTo(OWN + ".tf2");
        JsonNode own = api.as(LEAD).get("/api/workload").json();
        assertThat(own.path("townshipCode").asText()).isEqualTo(OTHER_CODE);
        assertThat(own.path("members").findValuesAsText("userId")).isNotEmpty().allMatch(u -> u.startsWith(OTHER + "."));
    }

    /** Neither a 新民乡 case number of the fixture, nor the name of one of its heads, nor one of its people's identity numbers. */
    private void assertNoneOfOwn(String body) {
        for (String caseNo : f.ownCaseNos()) {
            assertThat(body).doesNotContain(caseNo);
        }
        for (String name : f.ownHeadNames()) {
            assertThat(body).doesNotContain(name);
        }
        for (String id : f.identityNumbers().subList(0, f.identityNumbers().size() - 2)) {
            assertThat(body).doesNotContain(id);
        }
    }
}
