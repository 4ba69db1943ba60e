package cn.jingyuan.relocation.household.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import cn.jingyuan.relocation.support.Browser;
import cn.jingyuan.relocation.support.EmbeddedApplicationTest;
import cn.jingyuan.relocation.support.Ledger;
import cn.jingyuan.relocation.support.People;
import cn.jingyuan.relocation.support.RawCodes;
import cn.jingyuan.relocation.support.Tables;

/**
 * 搬迁户台账 in a real (headless) browser: the officer imports a bad ledger and sees each bad row's row, column,
 * value and problem in a table with nothing imported, then imports the corrected ledger and finds its households;
 * a township member does not see them.
 */
@ExtendWith(Browser.Available.class)
@EmbeddedApplicationTest
class LedgerPageBrowserIntegrationTests {

    static final int YEAR = 2027;

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @TempDir
    Path dir;

    Browser browser;

    @BeforeEach
    void open() {
        browser = Browser.open(port);
    }

    @AfterEach
    void close() {
        browser.close();
    }

    @Test
    void theOfficerSeesEveryBadRowOfARefusedLedgerThenImportsTheCorrectedOne() throws IOException {
        Ledger ledger = Ledger.create().household(YEAR, "大湾乡", "苏堡村", 3).household(YEAR, "大湾乡", "苏堡村", 2);
        String good = ledger.get(2, "身份证号");
        ledger.set(2, "身份证号", People.withWrongCheckCharacter(good));
        ledger.set(4, "乡镇", "大湾镇");
        Tables before = Tables.count(jdbc);

        browser.loginAs("officer").go("/ledger");
        assertThat(browser.visibleText()).contains("搬迁户台账", "导入台账", "导出Excel", "导出CSV");
        upload("有错的台账.xlsx", ledger.xlsx());

        assertThat(browser.waitFor("[data-test=import-failed]").getText()).contains("未导入", "2处错误", "未导入任何数据");
        List<String> rows = browser.findAll("[data-test=import-errors] tbody tr").stream().map(WebElement::getText).toList();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).contains("第2行", "身份证号", "校验码").doesNotContain(good.substring(6, 14));
        assertThat(rows.get(1)).contains("第4行", "乡镇", "大湾镇", "不是泾源县的乡镇");
        assertThat(browser.visibleText()).doesNotContain("(unknown township)", "nothing was imported");
        assertThat(RawCodes.in(browser.visibleText())).isEmpty();
        assertThat(Tables.count(jdbc)).isEqualTo(before);
        browser.screenshot("ledger-import-errors");

        ledger.set(2, "身份证号", good).set(4, "乡镇", "大湾乡");
        upload("改正后的台账.xlsx", ledger.xlsx());

        assertThat(browser.waitFor("[data-test=import-ok]").getText()).contains("导入成功", "新登记 2 户", "5 人");
        assertThat(browser.findAll("[data-test=import-errors]")).isEmpty();
        browser.screenshot("ledger-import-ok");

        browser.go("/ledger?year=" + YEAR + "&q=" + ledger.get(1, "姓名"));
        assertThat(browser.find("[data-test=households]").getText()).contains(ledger.get(1, "姓名"), "大湾乡", "苏堡村", "摸底认定");
        assertThat(RawCodes.in(browser.visibleText())).isEmpty();
        browser.screenshot("ledger-search");

        // township scoping: 黄花乡's task force neither sees 大湾乡's households nor another township to pick
        browser.loginAs("huanghua.tf1").go("/ledger?year=" + YEAR + "&q=" + ledger.get(1, "姓名"));
        assertThat(browser.find("[data-test=households]").getText()).doesNotContain(ledger.get(1, "姓名")).contains("没有符合条件的搬迁户");
        assertThat(browser.findAll("#f-township")).isEmpty();
    }

    private void upload(String name, byte[] content) throws IOException {
        Path file = Files.write(dir.resolve(name), content);
        browser.field("台账文件").sendKeys(file.toAbsolutePath().toString());
        browser.find("[data-test=import-submit]").click();
    }
}
