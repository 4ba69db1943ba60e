package cn.jingyuan.relocation.annualplan.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import cn.jingyuan.relocation.annualplan.Counter;
import cn.jingyuan.relocation.annualplan.StatisticsService;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.support.Browser;
import cn.jingyuan.relocation.support.EmbeddedApplicationTest;
import cn.jingyuan.relocation.support.RawCodes;

/** 年度计划与统计 in a real browser: the officer's dashboard draws its charts; a plan is drafted and approved. */
@ExtendWith(Browser.Available.class)
@EmbeddedApplicationTest
class PlanPagesBrowserIntegrationTests {

    static final int YEAR = 2084;

    @LocalServerPort
    int port;
    @Autowired
    StatisticsService statistics;

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
    void theOfficersDashboardDrawsItsCharts() {
        browser.loginAs("officer");
        browser.go("/plans?year=2024");

        // every chart is drawn: an SVG with bars or a line, and the townships' names on the axis
        for (String chart : List.of("townships", "stages", "months", "paid")) {
            List<WebElement> marks = new WebDriverWait(browser.driver(), Duration.ofSeconds(20)).until(d -> {
                List<WebElement> m = d.findElements(By.cssSelector("[data-chart=" + chart + "] svg path"));
                return m.size() >= 3 ? m : null;
            });
            assertThat(marks).as(chart).hasSizeGreaterThanOrEqualTo(3);
            Long height = (Long) browser.script("return Math.round(arguments[0].getBoundingClientRect().height)",
                    browser.find("[data-chart=" + chart + "] svg"));
            assertThat(height).as(chart + " has a size").isGreaterThan(100);
        }
        assertThat(browser.find("[data-chart=townships] svg").getText()).contains("泾河源镇");
        assertThat(browser.find("[data-chart=stages] svg").getText()).contains("旧房拆除").doesNotContain("DEMOLITION");

        // 2024's story: 86 households targeted and moved in; the months add up to the year's move-ins
        assertThat(browser.find("[data-test=figure-target]").getText()).isEqualTo("86户 / 312人");
        assertThat(browser.find("[data-test=figure-moved-in]").getText()).isEqualTo("86户 / 312人");
        List<Counter> months = statistics.movedInByMonth(2024, CurrentUser.system());
        assertThat(months).hasSize(12);
        assertThat(months.stream().mapToInt(Counter::households).sum()).isEqualTo(86);
        assertThat(months.stream().mapToInt(Counter::people).sum()).isEqualTo(312);
        assertThat(RawCodes.in(browser.visibleText())).isEmpty();
        browser.screenshot("plans-dashboard");

        browser.size(Browser.PHONE).go("/plans?year=2025");
        browser.waitFor("[data-chart=months] svg");
        long overflow = (Long) browser.script("return document.documentElement.scrollWidth - window.innerWidth");
        assertThat(overflow).as("no sideways scrolling on a phone").isLessThanOrEqualTo(0);
        browser.screenshot("plans-dashboard-phone");
    }

    @Test
    void theOfficerDraftsAPlanAndTheDeputyApprovesIt() {
        browser.loginAs("officer");
        browser.go("/plans?year=" + YEAR);
        assertThat(browser.find("[data-test=no-plan]").getText()).isEqualTo(YEAR + "年度尚未编制搬迁计划。");

        // fewer people than households is refused beside that township's row, nothing drafted
        browser.field("黄花乡目标户数").sendKeys("12");
        browser.field("黄花乡目标人数").sendKeys("5");
        browser.field("大湾乡目标户数").sendKeys("8");
        browser.field("大湾乡目标人数").sendKeys("30");
        press(browser.find("[data-test=save-targets]"));
        assertThat(browser.waitFor("[data-test=problem]").getText()).isEqualTo("计划目标不完整");
        WebElement people = browser.field("黄花乡目标人数");
        assertThat(people.getAttribute("class")).contains("is-invalid");
        assertThat(people.findElement(By.xpath("following-sibling::div")).getText()).contains("人数不少于户数");
        assertThat(browser.findAll("[data-test=plan]")).isEmpty();

        people.clear();
        people.sendKeys("45");
        press(browser.find("[data-test=save-targets]"));
        browser.waitForText("[data-test=notice]", YEAR + "年度计划已起草,已报分管副县长审批。");
        assertThat(browser.find("[data-test=plan-status]").getText()).isEqualTo("待分管副县长审批");
        assertThat(browser.find("[data-test=figure-target]").getText()).isEqualTo("20户 / 75人");
        assertThat(browser.findAll("[data-test=plan-decision]")).as("the officer does not approve").isEmpty();
        assertThat(RawCodes.in(browser.visibleText())).isEmpty();

        browser.loginAs("deputy");
        browser.go("/plans?year=" + YEAR);
        browser.find("#pd-approve").sendKeys(Keys.SPACE);
        browser.field("审批意见(退回时必填)").sendKeys("同意");
        press(browser.find("[data-test=plan-decision] button[type=submit]"));
        browser.waitForText("[data-test=notice]", YEAR + "年度计划已批准。");
        assertThat(browser.find("[data-test=plan-status]").getText()).isEqualTo("已批准");
        assertThat(browser.find("[data-test=plan]").getText()).contains("批准于").doesNotContain("deputy", "officer");
        assertThat(RawCodes.in(browser.visibleText())).isEmpty();
        browser.screenshot("plans-approved");
    }

    /**
     * Presses a button with the keyboard (Enter), as a keyboard user would: the emulated viewport can be taller than the
     * headless window, so a mouse click near the page's foot may land outside it.
     */
    private void press(WebElement button) {
        button.sendKeys(Keys.ENTER);
    }
}
