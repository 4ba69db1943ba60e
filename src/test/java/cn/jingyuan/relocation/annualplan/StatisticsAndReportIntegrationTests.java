package cn.jingyuan.relocation.annualplan;

import static cn.jingyuan.relocation.relocationcase.process.RelocationCaseProcess.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import com.fasterxml.jackson.databind.JsonNode;

import cn.jingyuan.relocation.approval.Actors;
import cn.jingyuan.relocation.approval.CaseFixture;
import cn.jingyuan.relocation.household.HouseholdRef;
import cn.jingyuan.relocation.household.HouseholdService;
import cn.jingyuan.relocation.household.Milestone;
import cn.jingyuan.relocation.household.ResettlementMode;
import cn.jingyuan.relocation.relocationcase.RelocationCaseService;
import cn.jingyuan.relocation.security.AccountDirectory;
import cn.jingyuan.relocation.support.Api;
import cn.jingyuan.relocation.support.EmbeddedApplicationTest;
import cn.jingyuan.relocation.support.Ledger;

/**
 * A year's statistics and annual report against a fixture counted by hand: plan year {@value #YEAR} with eight
 * households in 香水镇 and 黄花乡 at known stages, milestones and payments (the table in {@link #fixture()}). Also the
 * demo's 2024 figures, a township user's own figures, and the rollover refused while the next year has no approved
 * plan.
 */
@EmbeddedApplicationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatisticsAndReportIntegrationTests {

    static final int YEAR = 2055;

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    PlanService plans;
    @Autowired
    HouseholdService households;
    @Autowired
    RelocationCaseService cases;
    @Autowired
    AccountDirectory accounts;

    Api api;

    /**
     * <pre>
     *        township  people  mode        stage                    moved in    demolished  accepted  archived  paid
     *   X1   香水镇     3      补助安置     IDENTIFIED
     *   X2   香水镇     4      统规统建     AWAITING_BATCH_APPROVAL
     *   X3   香水镇     2      补助安置     DEMOLITION               2055-06-15                                    60,000
     *   X4   香水镇     5      补助安置     DEMOLITION               2056-01-10 (next year: not relocated in 2055)
     *   H1   黄花乡     5      统规统建     ACCEPTANCE               2055-03-01  2055-05-01
     *   H2   黄花乡     1      投亲靠友     ARCHIVED                 2055-02-01  2055-04-01  2055-09-01 2055-10-01 50,000
     *   H3   黄花乡     3      补助安置     REJECTED
     *   H4   黄花乡     2      (none yet)  APPLICATION
     * targets: 香水镇 4 households / 15 people, 黄花乡 4 / 14
     * </pre>
     */
    @BeforeAll
    void fixture() {
        api = Api.at(port);
        Actors.run(accounts, "officer", () -> plans.create(new PlanRequest(YEAR, List.of(new PlanRequest.TargetRequest("香水镇", 4, 15),
                new PlanRequest.TargetRequest("黄花乡", 4, 14)), "统计核对用计划"), Actors.user(accounts, "officer")));
        plans.approve(YEAR, "deputy", "同意");

        open("香水镇", 3, "补助安置", TASK_VERIFY_HOUSEHOLD);
        open("香水镇", 4, "统规统建", RECEIVE_TASK_AWAIT_BATCH_DECISION);
        HouseholdRef x3 = open("香水镇", 2, "补助安置", TASK_DEMOLISH_OLD_HOUSE);
        households.recordAgreement(x3.id(), ResettlementMode.SUBSIDY, new BigDecimal("120000"), LocalDate.of(YEAR, 3, 1));
        households.recordMilestone(x3.id(), Milestone.MOVED_IN, LocalDate.of(YEAR, 6, 15));
        pay(x3, 1, "AGREEMENT", "60000", LocalDate.of(YEAR, 3, 20));
        HouseholdRef x4 = open("香水镇", 5, "补助安置", TASK_DEMOLISH_OLD_HOUSE);
        households.recordMilestone(x4.id(), Milestone.MOVED_IN, LocalDate.of(YEAR + 1, 1, 10));

        HouseholdRef h1 = open("黄花乡", 5, "统规统建", TASK_TOWNSHIP_INSPECTION);
        households.recordMilestone(h1.id(), Milestone.MOVED_IN, LocalDate.of(YEAR, 3, 1));
        households.recordMilestone(h1.id(), Milestone.DEMOLISHED, LocalDate.of(YEAR, 5, 1));
        households.recordMilestone(h1.id(), Milestone.RECLAIMED, LocalDate.of(YEAR, 7, 1));
        HouseholdRef h2 = open("黄花乡", 1, "投亲靠友", END_EVENT_ARCHIVED);
        households.recordMilestone(h2.id(), Milestone.MOVED_IN, LocalDate.of(YEAR, 2, 1));
        households.recordMilestone(h2.id(), Milestone.DEMOLISHED, LocalDate.of(YEAR, 4, 1));
        households.recordMilestone(h2.id(), Milestone.ACCEPTED, LocalDate.of(YEAR, 9, 1));
        households.recordMilestone(h2.id(), Milestone.ARCHIVED, LocalDate.of(YEAR, 10, 1));
        pay(h2, 1, "AGREEMENT", "25000", LocalDate.of(YEAR, 1, 20));
        pay(h2, 2, "ACCEPTANCE", "25000", LocalDate.of(YEAR, 9, 20));
        open("黄花乡", 3, "补助安置", END_EVENT_REJECTED);
        open("黄花乡", 2, "", TASK_RECORD_APPLICATION);
    }

    @Test
    void statisticsAgreeWithTheHandCountedYear() {
        Api.Response r = api.as("officer").get("/api/plans/{y}/statistics", YEAR);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode s = r.json();

        assertThat(s.path("year").asInt()).isEqualTo(YEAR);
        assertThat(s.path("frozen").asBoolean()).isFalse();
        assertCounter(s, "target", 8, 29);
        assertCounter(s, "planned", 8, 25);
        assertCounter(s, "carriedIn", 0, 0);
        assertCounter(s, "movedIn", 3, 8);
        assertCounter(s, "demolished", 2, 6);
        assertCounter(s, "accepted", 1, 1);
        assertCounter(s, "archived", 1, 1);
        assertCounter(s, "carriedOut", 0, 0);
        assertCounter(s, "open", 6, 21);
        assertThat(s.path("subsidyPaid").decimalValue()).isEqualByComparingTo("110000");

        JsonNode stages = s.path("byStage");
        assertThat(fieldNames(stages)).containsExactly("IDENTIFIED", "APPLICATION", "AWAITING_BATCH_APPROVAL", "DEMOLITION", "ACCEPTANCE",
                "ARCHIVED", "REJECTED");
        assertCounter(stages, "IDENTIFIED", 1, 3);
        assertCounter(stages, "APPLICATION", 1, 2);
        assertCounter(stages, "AWAITING_BATCH_APPROVAL", 1, 4);
        assertCounter(stages, "DEMOLITION", 2, 7);
        assertCounter(stages, "ACCEPTANCE", 1, 5);
        assertCounter(stages, "ARCHIVED", 1, 1);
        assertCounter(stages, "REJECTED", 1, 3);

        JsonNode modes = s.path("byMode");
        assertThat(fieldNames(modes)).containsExactlyInAnyOrder("SUBSIDY", "UNIFIED_BUILD", "RELATIVES", "UNDECIDED");
        assertCounter(modes, "SUBSIDY", 4, 13);
        assertCounter(modes, "UNIFIED_BUILD", 2, 9);
        assertCounter(modes, "RELATIVES", 1, 1);
        assertCounter(modes, "UNDECIDED", 1, 2);

        assertThat(s.path("byTownship")).hasSize(2);
        JsonNode xiangshui = township(s, "香水镇");
        assertThat(xiangshui.path("code").asText()).isEqualTo("640424100");
        assertCounter(xiangshui, "target", 4, 15);
        assertCounter(xiangshui, "planned", 4, 14);
        assertCounter(xiangshui, "movedIn", 1, 2);
        assertCounter(xiangshui, "demolished", 0, 0);
        assertCounter(xiangshui, "accepted", 0, 0);
        assertCounter(xiangshui, "open", 4, 14);
        assertThat(xiangshui.path("subsidyPaid").decimalValue()).isEqualByComparingTo("60000");
        JsonNode huanghua = township(s, "黄花乡");
        assertCounter(huanghua, "target", 4, 14);
        assertCounter(huanghua, "planned", 4, 11);
        assertCounter(huanghua, "movedIn", 2, 6);
        assertCounter(huanghua, "demolished", 2, 6);
        assertCounter(huanghua, "accepted", 1, 1);
        assertCounter(huanghua, "archived", 1, 1);
        assertCounter(huanghua, "open", 2, 7);
        assertThat(huanghua.path("subsidyPaid").decimalValue()).isEqualByComparingTo("50000");
    }

    @Test
    void aTownshipTaskForceSeesItsOwnTownshipsFiguresOnly() {
        JsonNode s = api.as("huanghua.tf1").get("/api/plans/{y}/statistics", YEAR).json();

        assertCounter(s, "target", 4, 14);
        assertCounter(s, "planned", 4, 11);
        assertCounter(s, "open", 2, 7);
        assertThat(s.path("byTownship")).singleElement().satisfies(t -> assertThat(t.path("name").asText()).isEqualTo("黄花乡"));
        assertThat(s.has("byStage")).isFalse();
        assertThat(api.as("huanghua.tf1").get("/api/plans/{y}/report?format=xlsx", YEAR).status()).isEqualTo(403);
    }

    @Test
    void theAnnualReportOpensInPoiWithTheseNumbersAsNumbers() throws IOException {
        Api.Response r = api.as("head").get("/api/plans/{y}/report?format=xlsx", YEAR);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.contentType().toString()).startsWith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(r.headers().getFirst("Content-Disposition")).contains("attachment");

        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(r.body()))) {
            assertThat(wb.getNumberOfSheets()).isEqualTo(2);
            Sheet summary = wb.getSheet("汇总");
            assertThat(summary.getRow(0).getCell(0).getStringCellValue()).contains(YEAR + "年度");
            List<String> headers = strings(summary.getRow(2));
            assertThat(headers).startsWith("乡镇", "目标户数", "目标人数", "计划户数", "计划人数", "结转入户数", "搬迁入住户数", "搬迁入住人数", "完成率",
                    "旧房拆除户数", "拆除率", "验收户数", "归档户数", "结转出户数", "未办结户数", "已拨付补助(元)");
            assertThat(String.join("", headers)).matches("[\\p{IsHan}()]+");
            for (int c = 0; c < headers.size(); c++) {
                assertThat(summary.getColumnWidth(c)).as("width of " + headers.get(c)).isGreaterThanOrEqualTo(headers.get(c).length() * 2 * 256);
            }

            Row xiangshui = rowStarting(summary, "香水镇");
            assertNumbers(xiangshui, 1, 4, 15, 4, 14, 0, 1, 2);
            assertRate(xiangshui.getCell(8), 0.25);
            assertNumbers(xiangshui, 9, 0);
            assertRate(xiangshui.getCell(10), 0.0);
            assertNumbers(xiangshui, 11, 0, 0, 0, 4, 60_000);

            Row huanghua = rowStarting(summary, "黄花乡");
            assertNumbers(huanghua, 1, 4, 14, 4, 11, 0, 2, 6);
            assertRate(huanghua.getCell(8), 0.5);
            assertNumbers(huanghua, 9, 2);
            assertRate(huanghua.getCell(10), 1.0);
            assertNumbers(huanghua, 11, 1, 1, 0, 2, 50_000);

            Row total = rowStarting(summary, "合计");
            assertNumbers(total, 1, 8, 29, 8, 25, 0, 3, 8);
            assertRate(total.getCell(8), 3.0 / 8);
            assertNumbers(total, 9, 2);
            assertRate(total.getCell(10), 2.0 / 3);
            assertNumbers(total, 11, 1, 1, 0, 6, 110_000);

            Sheet ledger = wb.getSheet(YEAR + "年度台账");
            List<String> ledgerHeaders = strings(ledger.getRow(0));
            assertThat(ledgerHeaders).contains("案件编号", "计划年度", "乡镇", "户主", "家庭人口", "安置方式", "当前阶段", "入住日期", "已拨付(元)");
            assertThat(ledger.getLastRowNum()).isEqualTo(8);
            int people = 0;
            double paid = 0;
            int movedInDates = 0;
            int peopleAt = ledgerHeaders.indexOf("家庭人口");
            int paidAt = ledgerHeaders.indexOf("已拨付(元)");
            int movedInAt = ledgerHeaders.indexOf("入住日期");
            for (int i = 1; i <= 8; i++) {
                Row row = ledger.getRow(i);
                assertThat(row.getCell(0).getStringCellValue()).matches("640424-" + YEAR + "-\\d{4}");
                assertThat(row.getCell(1).getCellType()).isEqualTo(CellType.NUMERIC);
                assertThat(row.getCell(1).getNumericCellValue()).isEqualTo(YEAR);
                assertThat(row.getCell(peopleAt).getCellType()).isEqualTo(CellType.NUMERIC);
                people += (int) row.getCell(peopleAt).getNumericCellValue();
                Cell p = row.getCell(paidAt);
                if (p.getCellType() == CellType.NUMERIC) {
                    paid += p.getNumericCellValue();
                }
                Cell moved = row.getCell(movedInAt);
                if (moved.getCellType() == CellType.NUMERIC) {
                    assertThat(DateUtil.isCellDateFormatted(moved)).isTrue();
                    movedInDates++;
                }
            }
            assertThat(people).isEqualTo(25);
            assertThat(paid).isEqualTo(110_000);
            assertThat(movedInDates).isEqualTo(4);
        }
    }

    @Test
    void theDemoYear2024Has86HouseholdsAnd312PeopleAllMovedInAndAbout64PercentDemolished() {
        JsonNode s = api.as("deputy").get("/api/plans/2024/statistics").json();

        assertCounter(s, "target", 86, 312);
        assertCounter(s, "planned", 86, 312);
        assertCounter(s, "movedIn", 86, 312);
        assertThat(s.path("demolished").path("households").asInt()).isEqualTo(55);
        assertThat(s.path("byMode").path("SUBSIDY").path("households").asInt()).isEqualTo(55);
        assertThat(s.path("byMode").path("UNIFIED_BUILD").path("households").asInt()).isEqualTo(31);
        assertThat(fieldNames(s.path("byStage"))).containsExactly("DEMOLITION", "RECLAMATION", "ACCEPTANCE");
    }

    @Test
    void aRolloverIntoAYearWithoutAnApprovedPlanIsRefusedAndChangesNothing() {
        int year = 2057;
        Actors.run(accounts, "officer", () -> plans.create(new PlanRequest(year, List.of(new PlanRequest.TargetRequest("大湾乡", 1, 3)), null),
                Actors.user(accounts, "officer")));
        plans.approve(year, "deputy", "同意");
        HouseholdRef open = CaseFixture.in(context).openAt(CaseFixture.add(Ledger.create(), 1, year, "大湾乡", "苏堡村", 3, "补助安置"),
                TASK_VERIFY_HOUSEHOLD).get(0);

        Api.Response refused = api.as("officer").post("/api/plans/{y}/rollover?dryRun=false", Map.of("reason", "年底结转"), year);

        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().path("detail").asText()).contains("2058年度还没有经批准的搬迁计划");

        // a drafted plan that is not approved yet does not do either
        Api.Response drafted = api.as("officer").post("/api/plans", Map.of("year", year + 1, "targets",
                List.of(Map.of("township", "大湾乡", "households", 5, "people", 20))));
        assertThat(drafted.status()).as(drafted.toString()).isEqualTo(201);
        assertThat(api.as("officer").post("/api/plans/{y}/rollover?dryRun=false", Map.of(), year).status()).isEqualTo(409);

        JsonNode preview = api.as("officer").post("/api/plans/{y}/rollover?dryRun=true", Map.of(), year).json();
        assertThat(preview.path("households").asInt()).isEqualTo(1);
        assertThat(preview.path("targetPlanApproved").asBoolean()).isFalse();
        assertThat(api.as("officer").get("/api/plans/{y}", year).json().path("rollovers")).isEmpty();
        assertThat(api.as("officer").get("/api/cases/{c}", open.caseNo()).json().path("planYear").asInt()).isEqualTo(year);
    }

    // ---- helpers ----

    private HouseholdRef open(String township, int size, String mode, String activity) {
        return CaseFixture.in(context).openAt(CaseFixture.add(Ledger.create(), 1, YEAR, township, "统计村", size, mode), activity).get(0);
    }

    private void pay(HouseholdRef h, int tranche, String milestone, String amount, LocalDate on) {
        cases.recordPayment(h.id(), tranche, milestone, new BigDecimal(amount), on, "TEST-" + h.caseNo() + "-" + tranche, "finance",
                on.atTime(15, 0));
    }

    private static void assertCounter(JsonNode parent, String name, int households, int people) {
        JsonNode c = parent.path(name);
        assertThat(c.path("households").asInt()).as(name + ".households").isEqualTo(households);
        assertThat(c.path("people").asInt()).as(name + ".people").isEqualTo(people);
    }

    private static JsonNode township(JsonNode s, String name) {
        for (JsonNode t : s.path("byTownship")) {
            if (t.path("name").asText().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("no " + name + " in " + s.path("byTownship"));
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static List<String> strings(Row row) {
        List<String> out = new ArrayList<>();
        for (Cell c : row) {
            out.add(c.getStringCellValue());
        }
        return out;
    }

    private static Row rowStarting(Sheet sheet, String first) {
        for (Row r : sheet) {
            Cell c = r.getCell(0);
            if (c != null && c.getCellType() == CellType.STRING && c.getStringCellValue().equals(first)) {
                return r;
            }
        }
        throw new AssertionError("no row " + first);
    }

    /** The cells from {@code from} on are numeric cells with these values. */
    private static void assertNumbers(Row row, int from, double... values) {
        for (int i = 0; i < values.length; i++) {
            Cell c = row.getCell(from + i);
            String where = row.getCell(0).getStringCellValue() + " column " + (from + i);
            assertThat(c.getCellType()).as(where).isEqualTo(CellType.NUMERIC);
            assertThat(c.getNumericCellValue()).as(where).isEqualTo(values[i]);
        }
    }

    private static void assertRate(Cell c, double value) {
        assertThat(c.getCellType()).isEqualTo(CellType.NUMERIC);
        assertThat(c.getNumericCellValue()).isCloseTo(value, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(c.getCellStyle().getDataFormatString()).contains("%");
    }
}
