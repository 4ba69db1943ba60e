package cn.jingyuan.relocation.approval.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;

import com.fasterxml.jackson.databind.JsonNode;

import cn.jingyuan.relocation.approval.BatchJobs;
import cn.jingyuan.relocation.approval.CaseFixture;
import cn.jingyuan.relocation.household.HouseholdRef;
import cn.jingyuan.relocation.support.Api;
import cn.jingyuan.relocation.support.EmbeddedApplicationTest;
import cn.jingyuan.relocation.support.Ledger;

/**
 * The leaders' batch approval over HTTP with the demo accounts, as the "done when" has it: the officer
 * assembles a batch large enough for both leaders, the officer cannot approve it, the county head cannot go first,
 * the deputy approves excluding one case, the county head approves with the document number; then the excluded case
 * is back in county review with the opinion and the others are at the agreement. The leader's view, the xlsx list and
 * the printable approval sheet show what they should, and never a full identity number. Households of plan year
 * {@value #YEAR}, which nothing else uses.
 */
@EmbeddedApplicationTest
class BatchApiIntegrationTests {

    static final int YEAR = 2052;
    /** An 18-character identity number in full (masked ones have '*' in the middle). */
    private static final Pattern FULL_ID = Pattern.compile("\\d{17}[\\dXx]");

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    ProcessEngine engine;

    Api api;

    @BeforeEach
    void connect() {
        api = Api.at(port);
    }

    @Test
    void officerAssemblesDeputyAndHeadDecideInTurnAndTheCasesAdvance() throws IOException {
        // given 12 households of five in 香水镇 (补助安置, 300,000 yuan each) and 8 in 黄花乡 (统规统建, 200,000 yuan each):
        // 20 households, 100 people, 5,200,000 yuan, so the county head decides too
        Ledger ledger = Ledger.create();
        CaseFixture.add(ledger, 12, YEAR, "香水镇", "沙塘村", 5, "补助安置");
        CaseFixture.add(ledger, 8, YEAR, "黄花乡", "米岗村", 5, "统规统建");
        List<HouseholdRef> waiting = CaseFixture.in(context).waitingForBatch(ledger);
        List<String> caseNos = CaseFixture.caseNos(waiting);
        String excluded = caseNos.get(3);

        Api.Response candidates = api.as("officer").get("/api/batches/candidates?year={y}", YEAR);
        assertThat(candidates.status()).as(candidates.toString()).isEqualTo(200);
        assertThat(candidates.json().findValuesAsText("caseNo")).containsExactlyInAnyOrderElementsOf(caseNos);
        assertNoFullIdentityNumber(candidates.text());

        // when the officer assembles them into a batch
        Api.Response created = api.as("officer").post("/api/batches", Map.of("year", YEAR, "title", "2052年第一批地质灾害避险搬迁对象",
                "caseNos", caseNos));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode batch = created.json();
        long id = batch.path("id").asLong();
        assertThat(batch.path("status").asText()).isEqualTo("PENDING_DEPUTY");
        assertThat(batch.path("households").asInt()).isEqualTo(20);
        assertThat(batch.path("people").asInt()).isEqualTo(100);
        assertThat(batch.path("totalSubsidy").decimalValue()).isEqualByComparingTo("5200000");
        assertThat(batch.path("needsHead").asBoolean()).isTrue();
        assertThat(texts(batch.path("route"))).containsExactly("DEPUTY", "HEAD");

        // then the officer cannot approve their own batch, and the county head cannot go first
        Api.Response byAuthor = decide("officer", id, Map.of("decision", "APPROVE", "comment", "同意", "documentNo", "泾政发〔2052〕1号"));
        assertThat(byAuthor.status()).as(byAuthor.toString()).isEqualTo(403);
        assertThat(byAuthor.contentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        Api.Response headFirst = decide("head", id, Map.of("decision", "APPROVE", "comment", "同意", "documentNo", "泾政发〔2052〕1号"));
        assertThat(headFirst.status()).as(headFirst.toString()).isEqualTo(403);

        // the deputy approves, excluding one case with an opinion of its own
        Api.Response byDeputy = decide("deputy", id, Map.of("decision", "APPROVE", "comment", "同意,报县长审批",
                "exclusions", List.of(Map.of("caseNo", excluded, "opinion", "户主常年在外务工,搬迁意愿待再次核实"))));
        assertThat(byDeputy.status()).as(byDeputy.toString()).isEqualTo(200);
        assertThat(byDeputy.json().path("status").asText()).isEqualTo("PENDING_HEAD");
        assertThat(byDeputy.json().path("awaiting").asText()).isEqualTo("HEAD");
        // the author still cannot decide at the head's level; the head's final approval needs the document number
        assertThat(decide("officer", id, Map.of("decision", "APPROVE", "comment", "同意", "documentNo", "泾政发〔2052〕1号")).status())
                .isEqualTo(403);
        Api.Response noNumber = decide("head", id, Map.of("decision", "APPROVE", "comment", "同意"));
        assertThat(noNumber.status()).as(noNumber.toString()).isEqualTo(400);
        assertThat(noNumber.errors()).containsExactly("documentNo");

        Api.Response byHead = decide("head", id, Map.of("decision", "APPROVE", "comment", "同意,请抓紧签订搬迁协议", "documentNo",
                "泾政发〔2052〕1号"));
        assertThat(byHead.status()).as(byHead.toString()).isEqualTo(200);
        assertThat(byHead.json().path("status").asText()).isEqualTo("APPROVED");
        assertThat(byHead.json().path("progress").path("advanced").asInt()).isZero();
        assertThat(byHead.json().path("progress").path("total").asInt()).isEqualTo(20);

        // when the jobs the job executor would run have run
        assertThat(BatchJobs.applyDecision(engine, id)).isEqualTo(20);

        // then the leader's view shows the whole batch and its progress
        Api.Response view = api.as("deputy").get("/api/batches/{id}", id);
        assertThat(view.status()).isEqualTo(200);
        JsonNode b = view.json();
        assertThat(b.path("households").asInt()).isEqualTo(20);
        assertThat(b.path("people").asInt()).isEqualTo(100);
        assertThat(b.path("totalSubsidy").decimalValue()).isEqualByComparingTo("5200000");
        assertThat(b.path("documentNo").asText()).isEqualTo("泾政发〔2052〕1号");
        assertThat(b.path("byTownship")).hasSize(2);
        assertThat(b.path("byTownship")).anySatisfy(t -> {
            assertThat(t.path("name").asText()).isEqualTo("香水镇");
            assertThat(t.path("households").asInt()).isEqualTo(12);
            assertThat(t.path("people").asInt()).isEqualTo(60);
        }).anySatisfy(t -> {
            assertThat(t.path("name").asText()).isEqualTo("黄花乡");
            assertThat(t.path("households").asInt()).isEqualTo(8);
            assertThat(t.path("people").asInt()).isEqualTo(40);
        });
        assertThat(b.path("byMode").path("SUBSIDY").path("households").asInt()).isEqualTo(12);
        assertThat(b.path("byMode").path("UNIFIED_BUILD").path("people").asInt()).isEqualTo(40);
        assertThat(b.path("cases")).hasSize(20);
        for (JsonNode c : b.path("cases")) {
            assertThat(c.path("headIdNumber").asText()).matches("\\d{6}\\*{8}\\d{3}[\\dX]");
            assertThat(c.path("outcome").asText()).isEqualTo(c.path("caseNo").asText().equals(excluded) ? "EXCLUDED" : "INCLUDED");
        }
        assertThat(b.path("decisions")).hasSize(2);
        assertThat(b.path("decisions").get(0).path("level").asText()).isEqualTo("DEPUTY");
        assertThat(b.path("decisions").get(0).path("decidedBy").asText()).isEqualTo("deputy");
        assertThat(b.path("decisions").get(0).path("decision").asText()).isEqualTo("APPROVE_WITH_EXCLUSIONS");
        assertThat(texts(b.path("decisions").get(0).path("excludedCaseNos"))).containsExactly(excluded);
        assertThat(b.path("decisions").get(1).path("level").asText()).isEqualTo("HEAD");
        assertThat(b.path("decisions").get(1).path("decidedBy").asText()).isEqualTo("head");
        assertThat(b.path("decisions").get(1).path("documentNo").asText()).isEqualTo("泾政发〔2052〕1号");
        assertThat(b.path("progress").path("advanced").asInt()).isEqualTo(20);
        assertThat(b.path("progress").path("total").asInt()).isEqualTo(20);
        assertNoFullIdentityNumber(view.text());

        // the excluded case is back in county review with the opinion, the others are at the agreement
        JsonNode back = api.as("officer").get("/api/cases/{c}", excluded).json();
        assertThat(back.path("stage").asText()).isEqualTo("COUNTY_REVIEW");
        assertThat(back.path("openTasks").findValuesAsText("taskDefinitionKey")).containsExactly("Task_CountyReview");
        List<JsonNode> decisions = new ArrayList<>();
        back.path("history").forEach(e -> {
            if (e.path("type").asText().equals("BATCH_DECISION")) {
                decisions.add(e);
            }
        });
        assertThat(decisions).singleElement().satisfies(e -> {
            assertThat(e.path("comment").asText()).isEqualTo("户主常年在外务工,搬迁意愿待再次核实");
            assertThat(e.path("actor").asText()).isEqualTo("head");
        });
        for (String caseNo : caseNos) {
            if (!caseNo.equals(excluded)) {
                JsonNode c = api.as("officer").get("/api/cases/{c}", caseNo).json();
                assertThat(c.path("stage").asText()).as(caseNo).isEqualTo("AGREEMENT");
                assertThat(c.path("openTasks").findValuesAsText("taskDefinitionKey")).containsExactly("Task_SignAgreement");
            }
        }

        // the batch list as a workbook
        Api.Response export = api.as("head").get("/api/batches/export?year={y}", YEAR);
        assertThat(export.status()).as(export.toString()).isEqualTo(200);
        assertThat(export.contentType().toString()).startsWith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(export.body()))) {
            Sheet sheet = wb.getSheetAt(0);
            Row header = sheet.getRow(0);
            assertThat(header.getCell(0).getStringCellValue()).isEqualTo("批次号");
            assertThat(header.getCell(4).getStringCellValue()).isEqualTo("户数");
            assertThat(header.getCell(6).getStringCellValue()).isEqualTo("补助总额(元)");
            assertThat(header.getCell(9).getStringCellValue()).isEqualTo("批准文号");
            Row row = rowOf(sheet, id);
            assertThat(row.getCell(3).getStringCellValue()).isEqualTo("已批准");
            assertThat(row.getCell(4).getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(row.getCell(4).getNumericCellValue()).isEqualTo(20);
            assertThat(row.getCell(5).getNumericCellValue()).isEqualTo(100);
            assertThat(row.getCell(6).getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(row.getCell(6).getNumericCellValue()).isEqualTo(5_200_000);
            assertThat(row.getCell(9).getStringCellValue()).isEqualTo("泾政发〔2052〕1号");
            assertThat(row.getCell(10).getStringCellValue()).contains("同意,报县长审批").contains("同意,请抓紧签订搬迁协议")
                    .doesNotContain("deputy").doesNotContain(" head ");
            assertThat(row.getCell(7).getStringCellValue()).isNotBlank().isNotEqualTo("officer");
        }

        // the printable approval sheet
        Api.Response sheet = api.as("deputy").get("/api/batches/{id}/sheet", id);
        assertThat(sheet.status()).as(sheet.toString()).isEqualTo(200);
        assertThat(sheet.contentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
        String html = sheet.text();
        assertThat(html).contains("审批表").contains("20户").contains("100人").contains("5200000.00")
                .contains("香水镇").contains("黄花乡")
                .contains("同意,报县长审批").contains("同意,请抓紧签订搬迁协议").contains("户主常年在外务工,搬迁意愿待再次核实")
                .contains("泾政发〔2052〕1号").contains(excluded);
        // people by name, never by account id
        assertThat(html).doesNotContain(">officer<").doesNotContain(">deputy<").doesNotContain(">head<")
                .doesNotContain(" deputy ").doesNotContain(" head ");
        assertNoFullIdentityNumber(html);
    }

    private Api.Response decide(String user, long id, Map<String, Object> body) {
        return api.as(user).post("/api/batches/{id}/decision", body, id);
    }

    private static Row rowOf(Sheet sheet, long batchId) {
        for (Row r : sheet) {
            if (r.getRowNum() > 0 && r.getCell(0).getNumericCellValue() == batchId) {
                return r;
            }
        }
        throw new AssertionError("batch " + batchId + " is not in the export");
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static void assertNoFullIdentityNumber(String text) {
        assertThat(FULL_ID.matcher(text).find()).as("a full identity number in %s", text.length() > 300 ? text.substring(0, 300) : text)
                .isFalse();
    }
}
