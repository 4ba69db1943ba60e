package cn.jingyuan.relocation.household;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import cn.jingyuan.relocation.support.Api;
import cn.jingyuan.relocation.support.EmbeddedApplicationTest;
import cn.jingyuan.relocation.support.Ledger;
import cn.jingyuan.relocation.support.People;
import cn.jingyuan.relocation.support.Tables;
import cn.jingyuan.relocation.support.ZipBomb;

/**
 * Ledger import as the officer does it, over HTTP: each bad file is refused as a whole with exactly the rows and
 * columns that are wrong, and nothing is written; good files in every accepted shape are registered. All of
 * these households are for plan year 2026, which the demo data leaves empty.
 */
@EmbeddedApplicationTest
class LedgerImportIntegrationTests {

    static final int YEAR = 2026;

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    Api officer;
    Tables before;

    @BeforeEach
    void setUp() {
        officer = Api.at(port).as("officer");
        before = Tables.count(jdbc);
    }

    /** Three households: rows 1-3 (head, spouse, son), 4-5 (head, spouse), 6-9 (head, spouse, son, daughter). */
    private static Ledger threeHouseholds(String township, String village) {
        return Ledger.create().household(YEAR, township, village, 3).household(YEAR, township, village, 2)
                .household(YEAR, township, village, 4);
    }

    // ---- refused files: exact rows, nothing written ----

    @Test
    void aWrongCheckDigit() {
        Ledger ledger = threeHouseholds("香水镇", "沙塘村");
        String number = ledger.get(3, "身份证号");
        ledger.set(3, "身份证号", People.withWrongCheckCharacter(number));

        Api.Response r = upload("bad-checkdigit.csv", ledger.csv());

        assertRefused(r, "3 身份证号");
        JsonNode error = r.json().path("errors").get(0);
        assertThat(error.path("message").asText()).contains("校验码错误");
        assertThat(error.path("value").asText()).doesNotContain(number.substring(6, 14));
    }

    @Test
    void impossibleAndFutureBirthDates() {
        Ledger ledger = threeHouseholds("香水镇", "沙塘村");
        ledger.set(5, "身份证号", People.withBirthDate(ledger.get(5, "身份证号"), "19851302"));
        ledger.set(7, "身份证号", People.withBirthDate(ledger.get(7, "身份证号"), "19900230"));
        ledger.set(8, "身份证号", People.withBirthDate(ledger.get(8, "身份证号"), "20991231"));

        Api.Response r = upload("bad-birthdate.csv", ledger.csv());

        assertRefused(r, "5 身份证号", "7 身份证号", "8 身份证号");
        assertThat(r.json().path("errors").findValuesAsText("message")).satisfiesExactly(
                m -> assertThat(m).contains("19851302不存在"), m -> assertThat(m).contains("19900230不存在"),
                m -> assertThat(m).contains("晚于今天"));
    }

    @Test
    void twoHeadsInOneHousehold() {
        Ledger ledger = threeHouseholds("黄花乡", "向阳村");
        ledger.set(3, "与户主关系", "户主");

        assertRefused(upload("bad-two-heads.csv", ledger.csv()), "3 与户主关系");
    }

    @Test
    void aHouseholdWithoutHead() {
        Ledger ledger = threeHouseholds("黄花乡", "向阳村");
        ledger.set(4, "与户主关系", "配偶");

        Api.Response r = upload("bad-no-head.csv", ledger.csv());

        assertRefused(r, "4 与户主关系");
        assertThat(r.json().path("errors").get(0).path("message").asText()).contains("没有户主");
    }

    @Test
    void aHouseholdSizeThatDoesNotMatchItsRows() {
        Ledger ledger = threeHouseholds("大湾乡", "杨岭村");
        ledger.set(6, "家庭人口", "6");

        Api.Response r = upload("bad-size.csv", ledger.csv());

        assertRefused(r, "6 家庭人口");
        assertThat(r.json().path("errors").get(0).path("message").asText()).contains("家庭人口填6人,实际列出4人");
    }

    @Test
    void theSamePersonInTwoHouseholdsOfTheFile() {
        Ledger ledger = threeHouseholds("大湾乡", "杨岭村");
        ledger.set(8, "身份证号", ledger.get(2, "身份证号"));

        Api.Response r = upload("bad-duplicate-person.csv", ledger.csv());

        assertRefused(r, "8 身份证号");
        assertThat(r.json().path("errors").get(0).path("message").asText()).contains("另见第2行");
    }

    @Test
    void aPersonAlreadyInAnOpenHouseholdOfTheDatabase() {
        Ledger first = Ledger.create().household(YEAR, "新民乡", "杨堡村", 3);
        assertThat(upload("first.csv", first.csv()).status()).isEqualTo(200);
        String caseNo = officer.get("/api/households?year={y}&q={q}", YEAR, first.get(1, "身份证号")).json()
                .path("items").get(0).path("caseNo").asText();
        Tables afterFirst = Tables.count(jdbc);
        // the spouse of the registered household turns up as the daughter of another
        Ledger second = Ledger.create().household(YEAR, "新民乡", "先进村", 2).household(YEAR, "新民乡", "先进村", 4);
        second.set(6, "身份证号", first.get(2, "身份证号"));

        Api.Response r = upload("second.csv", second.csv());

        assertThat(r.status()).isEqualTo(422);
        assertThat(r.errors()).containsExactly("6 身份证号");
        assertThat(r.json().path("errors").get(0).path("message").asText()).contains(caseNo);
        assertThat(Tables.count(jdbc)).isEqualTo(afterFirst);
    }

    @Test
    void anUnknownTownship() {
        Ledger ledger = threeHouseholds("香水镇", "园子村");
        ledger.set(4, "乡镇", "泾阳镇").set(5, "乡镇", "泾阳镇");

        Api.Response r = upload("bad-township.csv", ledger.csv());

        assertRefused(r, "4 乡镇", "5 乡镇");
        assertThat(r.json().path("errors").get(0).path("value").asText()).isEqualTo("泾阳镇");
    }

    @Test
    void anEmptyName() {
        Ledger ledger = threeHouseholds("香水镇", "园子村");
        ledger.set(7, "姓名", " ");

        assertRefused(upload("bad-name.csv", ledger.csv()), "7 姓名");
    }

    @Test
    void everyBadRowOfAFileIsListed() {
        Ledger ledger = threeHouseholds("六盘山镇", "什字村");
        ledger.set(2, "身份证号", People.withWrongCheckCharacter(ledger.get(2, "身份证号")));
        ledger.set(5, "姓名", "");
        ledger.set(6, "风险等级", "很高");
        ledger.set(9, "联系电话", "123");

        assertRefused(upload("bad-many.csv", ledger.csv()), "2 身份证号", "5 姓名", "6 风险等级", "9 联系电话");
    }

    @Test
    void aMissingColumnIs422WithoutRows() {
        Ledger ledger = threeHouseholds("香水镇", "东峡村").withoutColumn("身份证号");

        Api.Response r = upload("no-id-column.csv", ledger.csv());

        assertRefused(r, "身份证号");
        assertThat(r.json().path("detail").asText()).contains("缺少必需的列");
    }

    @Test
    void aFileOver20MegabytesIs413() {
        byte[] content = new byte[20 * 1024 * 1024 + 1];
        byte[] header = String.join(",", Ledger.HEADERS).concat("\n").getBytes(StandardCharsets.UTF_8);
        Arrays.fill(content, (byte) ' ');
        System.arraycopy(header, 0, content, 0, header.length);

        assertRefused(upload("huge.csv", content), 413);
    }

    @Test
    void randomBytesAre415() {
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);

        assertRefused(upload("not-a-ledger.csv", noise), 415);
    }

    @Test
    void aPdfIs415() {
        byte[] pdf = ("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                + "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
                .getBytes(StandardCharsets.ISO_8859_1);

        assertRefused(upload("台账.pdf", pdf), 415);
    }

    @Test
    void aZipThatIsNotAWorkbookIs415() throws IOException {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            z.putNextEntry(new ZipEntry("台账.csv"));
            z.write(threeHouseholds("香水镇", "沙塘村").csv());
            z.closeEntry();
        }

        assertRefused(upload("台账.xlsx", zip.toByteArray()), 415);
    }

    @Test
    void aBrokenOldExcelWorkbookIs415() {
        byte[] xls = new byte[1024];
        byte[] ole2 = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1};
        System.arraycopy(ole2, 0, xls, 0, ole2.length);

        assertRefused(upload("台账.xls", xls), 415);
    }

    @Test
    void identityNumbersTheSpreadsheetTurnedIntoNumbersAreExplainedOnEveryRow() throws IOException {
        Api.Response r = upload("台账.xls", resource("libreoffice-calc-numeric-ids.xls"));

        assertRefused(r, "1 户主身份证号", "1 身份证号", "2 户主身份证号", "2 身份证号", "3 户主身份证号", "3 身份证号",
                "4 户主身份证号", "4 身份证号", "5 户主身份证号", "5 身份证号");
        assertThat(r.json().path("errors").get(1).path("message").asText())
                .contains("被表格软件存成了数字(显示为6.40424E+17)", "设为“文本”", "重新录入");
    }

    @Test
    void aZipBombIsRefusedQuicklyWhileOthersAreServed() throws Exception {
        byte[] bomb = ZipBomb.xlsx();
        Api township = Api.at(port).as("huanghua.tf1");
        ExecutorService others = Executors.newSingleThreadExecutor();
        try {
            long start = System.nanoTime();
            Future<Api.Response> refused = others.submit(() -> upload("炸弹.xlsx", bomb));
            Api.Response list = township.get("/api/households?size=5");
            Api.Response r = refused.get(30, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - start) / 1e9;

            assertThat(list.status()).isEqualTo(200);
            assertRefused(r, 413);
            assertThat(seconds).isLessThan(30);
        } finally {
            others.shutdownNow();
        }
    }

    // ---- accepted shapes ----

    @Test
    void aGbkCsv() {
        Ledger ledger = threeHouseholds("兴盛乡", "红旗村");

        Api.Response r = upload("gbk.csv", ledger.csv(Charset.forName("GBK"), false));

        assertImported(r, 3, 9);
        assertRegisteredAsWritten(ledger);
    }

    @Test
    void aUtf8CsvWithBom() {
        Ledger ledger = threeHouseholds("兴盛乡", "兴盛村");

        Api.Response r = upload("bom.csv", ledger.csv(StandardCharsets.UTF_8, true));

        assertImported(r, 3, 9);
        assertRegisteredAsWritten(ledger);
    }

    @Test
    void anXlsxAsExcelSavesIt() {
        Ledger ledger = threeHouseholds("大湾乡", "苏堡村");

        Api.Response r = upload("台账.xlsx", ledger.xlsx());

        assertImported(r, 3, 9);
        assertRegisteredAsWritten(ledger);
        JsonNode head = household(ledger.get(6, "身份证号"));
        assertThat(head.path("declaredSize").asInt()).isEqualTo(4);
    }

    @Test
    void anXlsAndAnXlsxSavedByLibreOfficeCalcImportAlike() throws IOException {
        Api.Response first = upload("台账.xls", resource("libreoffice-calc.xls"));

        assertImported(first, 2, 5);
        JsonNode h = household("640424193509227247");
        assertThat(h.path("headName").asText()).isEqualTo("禹福成");
        assertThat(h.path("members").findValuesAsText("name")).containsExactly("禹福成", "马秀兰", "禹建军");
        assertThat(h.path("declaredSize").asInt()).isEqualTo(3);
        assertThat(h.path("remarks").asText()).isEqualTo("LibreOffice Calc 存的台账");

        // the same ledger saved as .xlsx is the same households: nothing changes
        Api.Response again = upload("台账.xlsx", resource("libreoffice-calc.xlsx"));
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.json().path("unchanged").asInt()).isEqualTo(2);
        assertThat(again.json().path("imported").asInt()).isZero();
        assertThat(again.json().path("updated").asInt()).isZero();
    }

    @Test
    void aFormulaInACsvRemarkIsTextAndExportsEscaped() {
        String formula = "=HYPERLINK(\"http://example.invalid\",\"点我\")";
        Ledger ledger = Ledger.create().household(YEAR, "黄花乡", "米岗村", 2);
        ledger.set(1, "备注", formula);

        assertImported(upload("formula.csv", ledger.csv()), 1, 2);

        assertThat(household(ledger.get(1, "身份证号")).path("remarks").asText()).isEqualTo(formula);
        Api.Response export = officer.get("/api/households/export?year={y}&township=黄花乡&format=csv", YEAR);
        Ledger exported = Ledger.parseCsv(export.body());
        int row = exported.headRows().stream().filter(i -> exported.get(i, "身份证号").equals(ledger.get(1, "身份证号"))).findFirst()
                .orElseThrow();
        assertThat(exported.get(row, "备注")).isEqualTo("'" + formula);
        assertThat(export.text()).doesNotContain("," + formula.substring(0, 10));
    }

    @Test
    void aFormulaCellOfAnXlsxImportsItsValue() {
        Ledger ledger = Ledger.create().household(YEAR, "六盘山镇", "和尚铺村", 3);
        ledger.formula(1, "备注", "CONCATENATE(\"高峰\",\"村\",\"搬迁\")").formula(1, "家庭人口", "1+2");

        assertImported(upload("formula.xlsx", ledger.xlsx()), 1, 3);

        JsonNode h = household(ledger.get(1, "身份证号"));
        assertThat(h.path("remarks").asText()).isEqualTo("高峰村搬迁");
        assertThat(h.path("declaredSize").asInt()).isEqualTo(3);
    }

    @Test
    void theTownshipMayBeGivenByItsCode() {
        Ledger ledger = Ledger.create().household(YEAR, "640424102", "什字村", 1);

        assertImported(upload("code.csv", ledger.csv()), 1, 1);
        assertThat(household(ledger.get(1, "身份证号")).path("townshipName").asText()).isEqualTo("六盘山镇");
    }

    @Test
    void theSameLedgerWhileItIsBeingImportedIsA409AndLaterChangesNothing() {
        Ledger ledger = threeHouseholds("新民乡", "并发村");
        byte[] csv = ledger.csv();
        String lease = "ledger-import:" + LedgerService.digest(cn.jingyuan.relocation.household.internal.LedgerReader.read(csv));
        // another node is importing the same rows right now (its lease runs for ten minutes)
        jdbc.update("INSERT INTO cluster_lock (name, holder, locked_until) VALUES (?, 'node-b', ?)", lease,
                java.sql.Timestamp.from(java.time.Instant.now().plusSeconds(600)));
        try {
            Api.Response r = upload("same.csv", csv);
            assertThat(r.status()).as(r.toString()).isEqualTo(409);
            assertThat(r.json().path("detail").asText()).contains("正在导入");
            assertThat(Tables.count(jdbc)).as("nothing written").isEqualTo(before);
        } finally {
            jdbc.update("DELETE FROM cluster_lock WHERE name = ?", lease);
        }
        // that node is done: this one registers the households; sent once more, nothing changes and no lease is left
        assertImported(upload("same.csv", csv), 3, 9);
        Api.Response again = upload("same.csv", csv);
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.json().path("unchanged").asInt()).isEqualTo(3);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM cluster_lock WHERE name = ?", Integer.class, lease)).isZero();
    }

    // ---- helpers ----

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = LedgerImportIntegrationTests.class.getResourceAsStream("/ledgers/" + name)) {
            return in.readAllBytes();
        }
    }

    private Api.Response upload(String filename, byte[] content) {
        return officer.upload("/api/households/import", filename, content);
    }

    /** 422 with exactly these errors ("row field", or "field" for a file-wide one), in row order, and nothing written. */
    private void assertRefused(Api.Response r, String... rowsAndFields) {
        assertThat(r.status()).as(r.toString()).isEqualTo(422);
        assertThat(r.contentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(r.errors()).containsExactly(rowsAndFields);
        assertThat(Tables.count(jdbc)).isEqualTo(before);
    }

    private void assertRefused(Api.Response r, int status) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.contentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(r.json().path("detail").asText()).isNotBlank();
        assertThat(Tables.count(jdbc)).isEqualTo(before);
    }

    private void assertImported(Api.Response r, int households, int people) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("imported").asInt()).isEqualTo(households);
        assertThat(r.json().path("households").asInt()).isEqualTo(households);
        assertThat(r.json().path("people").asInt()).isEqualTo(people);
        Tables after = Tables.count(jdbc);
        assertThat(after.households()).isEqualTo(before.households() + households);
        assertThat(after.members()).isEqualTo(before.members() + people);
    }

    /** Each household of the ledger is found by its head's number, with names and village as written. */
    private void assertRegisteredAsWritten(Ledger ledger) {
        for (int headRow : ledger.headRows()) {
            JsonNode h = household(ledger.get(headRow, "身份证号"));
            List<Integer> rows = ledger.householdRows(headRow);
            assertThat(h.path("village").asText()).isEqualTo(ledger.get(headRow, "村"));
            assertThat(h.path("headName").asText()).isEqualTo(ledger.get(headRow, "姓名"));
            assertThat(h.path("members").findValuesAsText("name"))
                    .containsExactlyElementsOf(ledger.column("姓名", rows.stream().mapToInt(Integer::intValue).toArray()));
            assertThat(h.path("members").findValuesAsText("relation"))
                    .containsExactlyElementsOf(ledger.column("与户主关系", rows.stream().mapToInt(Integer::intValue).toArray()));
        }
    }

    private JsonNode household(String memberIdNumber) {
        JsonNode page = officer.get("/api/households?year={y}&q={q}", YEAR, memberIdNumber).json();
        assertThat(page.path("total").asLong()).as("households with " + memberIdNumber).isEqualTo(1);
        return officer.get("/api/households/{id}", page.path("items").get(0).path("id").asLong()).json();
    }
}
