package cn.jingyuan.relocation.household;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import cn.jingyuan.relocation.support.Api;
import cn.jingyuan.relocation.support.EmbeddedApplicationTest;
import cn.jingyuan.relocation.support.Ledger;
import cn.jingyuan.relocation.support.People;
import cn.jingyuan.relocation.support.Tables;

/**
 * An exported ledger imports again unchanged, and a ledger changed in a spreadsheet updates exactly the households
 * that changed. Works on the demo's 2024 and on plan year 2028, which only this class uses.
 */
@EmbeddedApplicationTest
class LedgerRoundTripIntegrationTests {

    static final int YEAR = 2028;

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    Api officer;

    @BeforeEach
    void setUp() {
        officer = Api.at(port).as("officer");
    }

    @Test
    void theDemoLedgerOf2024ExportedAsCsvImportsAgainUnchanged() {
        Api.Response export = officer.get("/api/households/export?year=2024&format=csv");
        List<Map<String, Object>> before = Tables.snapshot(jdbc);

        Api.Response r = officer.upload("/api/households/import", "2024.csv", export.body());

        assertResult(r, 0, 0, 86, 312);
        assertThat(Tables.snapshot(jdbc)).isEqualTo(before);
    }

    @Test
    void theDemoLedgerOf2024ExportedAsXlsxImportsAgainUnchanged() {
        Api.Response export = officer.get("/api/households/export?year=2024&format=xlsx");
        List<Map<String, Object>> before = Tables.snapshot(jdbc);

        Api.Response r = officer.upload("/api/households/import", "2024.xlsx", export.body());

        assertResult(r, 0, 0, 86, 312);
        assertThat(Tables.snapshot(jdbc)).isEqualTo(before);
    }

    @Test
    void aChangedLedgerUpdatesOnlyTheHouseholdsThatChanged() {
        // given four registered households
        Ledger original = Ledger.create().household(YEAR, "香水镇", "沙塘村", 2).household(YEAR, "香水镇", "沙塘村", 3)
                .household(YEAR, "香水镇", "下寺村", 3).household(YEAR, "香水镇", "下寺村", 1);
        assertResult(officer.upload("/api/households/import", "2028.csv", original.csv()), 4, 0, 0, 9);
        Ledger ledger = Ledger.parseCsv(officer.get("/api/households/export?year={y}&format=csv", YEAR).body());
        assertThat(ledger.size()).isEqualTo(9);
        String phoneChanged = original.get(3, "户主身份证号");
        String memberAdded = original.get(6, "户主身份证号");
        Map<String, Integer> versions = versions();
        List<Map<String, Object>> untouched = snapshotWithout(phoneChanged, memberAdded);

        // when one head's phone is changed and a newborn is added to another household
        int phoneRow = headRow(ledger, phoneChanged);
        ledger.set(phoneRow, "联系电话", "0954-5012345");
        int sizeRow = headRow(ledger, memberAdded);
        ledger.set(sizeRow, "家庭人口", "4");
        String newborn = People.idNumber(2024, false);
        ledger.row(String.valueOf(YEAR), "香水镇", "下寺村", "", "", "风险区管控", "高", memberAdded, "马小花", newborn, "孙女", "", "", "", "");
        Api.Response r = officer.upload("/api/households/import", "2028-changed.csv", ledger.csv());

        // then exactly those two are updated, each one version on
        assertResult(r, 0, 2, 2, 10);
        assertThat(r.json().path("people").asInt()).isEqualTo(10);
        Map<String, Integer> now = versions();
        assertThat(now).hasSize(4);
        now.forEach((head, version) -> assertThat(version).as(head)
                .isEqualTo(versions.get(head) + (head.equals(phoneChanged) || head.equals(memberAdded) ? 1 : 0)));
        assertThat(snapshotWithout(phoneChanged, memberAdded)).isEqualTo(untouched);

        JsonNode phone = household(phoneChanged);
        assertThat(phone.path("phone").asText()).isEqualTo("0954-****345");
        assertThat(phone.path("people").asInt()).isEqualTo(3);
        JsonNode grown = household(memberAdded);
        assertThat(grown.path("people").asInt()).isEqualTo(4);
        assertThat(grown.path("members").findValuesAsText("relation")).containsExactly("户主", "配偶", "子", "孙女");
        assertThat(grown.path("members").get(3).path("sex").asText()).isEqualTo("F");
        assertThat(grown.path("members").get(3).path("birthDate").asText()).startsWith("2024-");

        // and the same changed ledger a second time changes nothing
        List<Map<String, Object>> after = Tables.snapshot(jdbc);
        assertResult(officer.upload("/api/households/import", "2028-changed.csv", ledger.csv()), 0, 0, 4, 10);
        assertThat(Tables.snapshot(jdbc)).isEqualTo(after);

        // nor does the new export, as csv or xlsx
        Ledger reexported = Ledger.parseCsv(officer.get("/api/households/export?year={y}&format=csv", YEAR).body());
        assertThat(reexported.size()).isEqualTo(10);
        assertThat(reexported.get(headRow(reexported, phoneChanged), "联系电话")).isEqualTo("0954-5012345");
        assertResult(officer.upload("/api/households/import", "again.csv", reexported.csv()), 0, 0, 4, 10);
        assertResult(officer.upload("/api/households/import", "again.xlsx",
                officer.get("/api/households/export?year={y}&format=xlsx", YEAR).body()), 0, 0, 4, 10);
        assertThat(Tables.snapshot(jdbc)).isEqualTo(after);
    }

    private void assertResult(Api.Response r, int imported, int updated, int unchanged, int people) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode j = r.json();
        assertThat(j.path("imported").asInt()).as("imported").isEqualTo(imported);
        assertThat(j.path("updated").asInt()).as("updated").isEqualTo(updated);
        assertThat(j.path("unchanged").asInt()).as("unchanged").isEqualTo(unchanged);
        assertThat(j.path("households").asInt()).isEqualTo(imported + updated + unchanged);
        assertThat(j.path("people").asInt()).isEqualTo(people);
    }

    private static int headRow(Ledger ledger, String headId) {
        return ledger.headRows().stream().filter(r -> ledger.get(r, "户主身份证号").equals(headId)).findFirst().orElseThrow();
    }

    /** Version of each household of the year, by the head's identity number. */
    private Map<String, Integer> versions() {
        Map<String, Integer> out = new java.util.HashMap<>();
        Ledger ledger = Ledger.parseCsv(officer.get("/api/households/export?year={y}&format=csv", YEAR).body());
        for (int row : ledger.headRows()) {
            String head = ledger.get(row, "户主身份证号");
            out.put(head, household(head).path("version").asInt());
        }
        return out;
    }

    /** {@link Tables#snapshot} without the rows of these households (household rows by id, members by household). */
    private List<Map<String, Object>> snapshotWithout(String... heads) {
        List<Long> ids = java.util.Arrays.stream(heads).map(h -> household(h).path("id").asLong()).toList();
        return Tables.snapshot(jdbc).stream()
                .filter(row -> !ids.contains(((Number) row.getOrDefault("HOUSEHOLD_ID", row.get("ID"))).longValue()))
                .toList();
    }

    private JsonNode household(String headId) {
        JsonNode page = officer.get("/api/households?year={y}&q={q}", YEAR, headId).json();
        assertThat(page.path("total").asLong()).isEqualTo(1);
        return officer.get("/api/households/{id}", page.path("items").get(0).path("id").asLong()).json();
    }
}
