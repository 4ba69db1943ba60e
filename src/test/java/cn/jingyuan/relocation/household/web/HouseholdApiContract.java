package cn.jingyuan.relocation.household.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import cn.jingyuan.relocation.support.Api;
import cn.jingyuan.relocation.support.Ledger;

/**
 * The household registry end to end, over HTTP on a random port as the demo accounts see it; run once on the
 * embedded H2 and once on MariaDB. The demo data gives 2024 its 86 households and 312 people in 泾河源镇高峰村.
 */
abstract class HouseholdApiContract {

    /** A plan year nothing else in these databases uses. */
    static final int YEAR = 2027;

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    Api api;

    @BeforeEach
    void connect() {
        api = Api.at(port);
    }

    @Test
    void withoutCredentialsTheApiAndTheEngineRestApiAnswer401() {
        Api.Response list = api.anonymous().get("/api/households?year=2024");
        assertThat(list.status()).isEqualTo(401);
        assertThat(list.contentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(list.json().path("status").asInt()).isEqualTo(401);
        assertThat(list.text()).doesNotContain("高峰村");

        assertThat(api.anonymous().get("/engine-rest/task").status()).isEqualTo(401);
        assertThat(api.anonymous().get("/engine-rest/process-instance").status()).isEqualTo(401);
        Api.Response asAdmin = api.as("admin").get("/engine-rest/task?maxResults=1");
        assertThat(asAdmin.status()).as(asAdmin.toString()).isEqualTo(200);
        assertThat(asAdmin.json().isArray()).isTrue();
        // (a wrong password locks the account for a few seconds: use one no other test logs in with)
        assertThat(api.as("dawan.tf2", "wrong").get("/api/households?year=2024").status()).isEqualTo(401);
        assertThat(api.as("nobody").get("/api/households?year=2024").status()).isEqualTo(401);
    }

    @Test
    void theOfficerSeesThe86DemoHouseholdsOf2024With312People() {
        JsonNode page = api.as("officer").get("/api/households?year=2024&size=500").json();

        assertThat(page.path("total").asLong()).isEqualTo(86);
        assertThat(page.path("items")).hasSize(86);
        int people = 0;
        for (JsonNode h : page.path("items")) {
            people += h.path("people").asInt();
            assertThat(h.path("townshipName").asText()).isEqualTo("泾河源镇");
            assertThat(h.path("village").asText()).isEqualTo("高峰村");
            assertThat(h.path("caseNo").asText()).matches("640424-2024-\\d{4}");
            assertThat(h.path("phone").asText()).matches("1\\d{2}\\*{4}\\d{4}");
        }
        assertThat(people).isEqualTo(312);
        assertThat(api.as("officer").get("/api/households?year=2024&size=10&page=1").json().path("items")).hasSize(10);
    }

    @Test
    void theExportOf2024Has312PeopleIn86Households() {
        Api.Response csv = api.as("officer").get("/api/households/export?year=2024&format=csv");

        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType().toString()).startsWith("text/csv");
        assertThat(csv.headers().getFirst("Content-Disposition")).contains("attachment").contains("filename*=UTF-8''");
        Ledger ledger = Ledger.parseCsv(csv.body());
        assertThat(ledger.size()).isEqualTo(312);
        assertThat(ledger.heads()).hasSize(86);
        assertThat(ledger.headRows()).hasSize(86);
        for (int row = 1; row <= ledger.size(); row++) {
            assertThat(ledger.get(row, "计划年度")).isEqualTo("2024");
            assertThat(ledger.get(row, "身份证号")).matches("640424\\d{11}[\\dX]");
        }
    }

    @Test
    void importListGetUpdateWithAStaleVersionAndExport() {
        // given a township's ledger of two households
        Ledger ledger = Ledger.create().household(YEAR, "香水镇", "沙塘村", 3).household(YEAR, "香水镇", "下寺村", 2);
        String firstHead = ledger.get(1, "户主身份证号");

        // when the officer imports it
        Api.Response imported = api.as("officer").upload("/api/households/import", "香水镇台账.csv", ledger.csv());

        // then both households are registered
        assertThat(imported.status()).as(imported.toString()).isEqualTo(200);
        assertThat(imported.json().path("imported").asInt()).isEqualTo(2);
        assertThat(imported.json().path("updated").asInt()).isZero();
        assertThat(imported.json().path("unchanged").asInt()).isZero();
        assertThat(imported.json().path("households").asInt()).isEqualTo(2);
        assertThat(imported.json().path("people").asInt()).isEqualTo(5);

        JsonNode list = api.as("officer").get("/api/households?year={y}&township=香水镇", YEAR).json();
        assertThat(list.path("total").asLong()).isEqualTo(2);
        assertThat(list.path("items").findValuesAsText("village")).containsExactlyInAnyOrder("沙塘村", "下寺村");
        JsonNode found = api.as("officer").get("/api/households?year={y}&q={q}", YEAR, firstHead).json();
        assertThat(found.path("total").asLong()).isEqualTo(1);
        long id = found.path("items").get(0).path("id").asLong();

        JsonNode household = api.as("officer").get("/api/households/{id}", id).json();
        assertThat(household.path("caseNo").asText()).matches("640424-" + YEAR + "-\\d{4}");
        assertThat(household.path("stageLabel").asText()).isNotBlank();
        assertThat(household.path("headName").asText()).isEqualTo(ledger.get(1, "姓名"));
        assertThat(household.path("people").asInt()).isEqualTo(3);
        assertThat(household.path("members").findValuesAsText("name")).containsExactly(ledger.get(1, "姓名"), ledger.get(2, "姓名"),
                ledger.get(3, "姓名"));
        assertThat(household.path("members").get(0).path("idNumber").asText())
                .isEqualTo(firstHead.substring(0, 6) + "********" + firstHead.substring(14)).doesNotContain(firstHead);
        assertThat(household.path("members").get(0).path("birthDate").asText()).isEqualTo(
                firstHead.substring(6, 10) + "-" + firstHead.substring(10, 12) + "-" + firstHead.substring(12, 14));
        int version = household.path("version").asInt();

        // a change at the version read is taken, and the version moves on
        Api.Response updated = api.as("xiangshui.tf1").put("/api/households/{id}", update(household, "13800001111", "已入户核实", version), id);
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.json().path("version").asInt()).isEqualTo(version + 1);
        assertThat(updated.json().path("remarks").asText()).isEqualTo("已入户核实");
        assertThat(updated.json().path("phone").asText()).isEqualTo("138****1111");

        // a second change from the same (now stale) read is refused, and nothing of it is written
        Api.Response stale = api.as("xiangshui.tf2").put("/api/households/{id}", update(household, "13900002222", "覆盖", version), id);
        assertThat(stale.status()).as(stale.toString()).isEqualTo(409);
        assertThat(stale.contentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(jdbc.queryForMap("SELECT version, remarks, updated_by FROM household WHERE id = ?", id))
                .containsEntry("VERSION", version + 1).containsEntry("REMARKS", "已入户核实").containsEntry("UPDATED_BY", "xiangshui.tf1");

        // the export shows the change
        Ledger export = Ledger.parseCsv(api.as("officer").get("/api/households/export?year={y}&format=csv", YEAR).body());
        assertThat(export.size()).isEqualTo(5);
        int headRow = export.householdRows(export.headRows().stream()
                .filter(r -> export.get(r, "户主身份证号").equals(firstHead)).findFirst().orElseThrow()).get(0);
        assertThat(export.get(headRow, "联系电话")).isEqualTo("13800001111");
        assertThat(export.get(headRow, "备注")).isEqualTo("已入户核实");
        assertThat(export.get(headRow, "家庭人口")).isEqualTo("3");

        Api.Response xlsx = api.as("officer").get("/api/households/export?year={y}&format=xlsx", YEAR);
        assertThat(xlsx.status()).isEqualTo(200);
        assertThat(xlsx.contentType().toString()).isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(xlsx.body()).startsWith('P', 'K');
    }

    @Test
    void aTownshipUserSeesOnlyTheirTownship() {
        long gaofeng = api.as("officer").get("/api/households?year=2024&size=1").json().path("items").get(0).path("id").asLong();

        Api.Response other = api.as("xiangshui.tf1").get("/api/households/{id}", gaofeng);
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.text()).doesNotContain("高峰村");
        assertThat(api.as("xiangshui.tf1").get("/api/households?year=2024").json().path("total").asLong()).isZero();
        assertThat(api.as("xiangshui.tf1").get("/api/households?year=2024&township=泾河源镇").json().path("total").asLong()).isZero();
        assertThat(api.as("xiangshui.tf1").get("/api/households/export?year=2024&township=泾河源镇&format=csv").status()).isEqualTo(404);
        Ledger own = Ledger.parseCsv(api.as("xiangshui.tf1").get("/api/households/export?year=2024&format=csv").body());
        assertThat(own.size()).isZero();

        assertThat(api.as("jingheyuan.tf1").get("/api/households/{id}", gaofeng).status()).isEqualTo(200);
        assertThat(api.as("jingheyuan.tf1").get("/api/households?year=2024").json().path("total").asLong()).isEqualTo(86);
    }

    @Test
    void aTownshipUserCannotImportAnotherTownshipsHouseholds() {
        Ledger ledger = Ledger.create().household(YEAR, "黄花乡", "向阳村", 2);
        long before = jdbc.queryForObject("SELECT COUNT(*) FROM household", Long.class);

        Api.Response refused = api.as("xiangshui.tf1").upload("/api/households/import", "黄花乡.csv", ledger.csv());

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.errors()).containsExactly("1 乡镇", "2 乡镇");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM household", Long.class)).isEqualTo(before);
    }

    /** The household as read, with a new phone and remark, members kept by id (their numbers stay as stored). */
    private static Map<String, Object> update(JsonNode h, String phone, String remarks, int version) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("township", h.path("townshipCode").asText());
        body.put("village", h.path("village").asText());
        body.put("villageGroup", h.path("villageGroup").asText(null));
        body.put("category", h.path("category").asText());
        body.put("riskLevel", h.path("riskLevel").asText());
        body.put("phone", phone);
        body.put("resettlementMode", h.path("resettlementMode").asText(null));
        body.put("remarks", remarks);
        List<Map<String, Object>> members = new ArrayList<>();
        for (JsonNode m : h.path("members")) {
            members.add(Map.of("id", m.path("id").asLong(), "name", m.path("name").asText(), "relation", m.path("relation").asText()));
        }
        body.put("members", members);
        body.put("version", version);
        return body;
    }
}
