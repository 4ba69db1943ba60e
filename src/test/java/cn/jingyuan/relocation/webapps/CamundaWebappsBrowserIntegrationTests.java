package cn.jingyuan.relocation.webapps;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

import cn.jingyuan.relocation.support.Browser;
import cn.jingyuan.relocation.support.EmbeddedApplicationTest;

/**
 * Tasklist and Cockpit as the officer sees them in a Chinese browser: Chinese throughout, no "migrate to Camunda 8"
 * banner; a township member who opens Tasklist lands on our own start page.
 */
@ExtendWith(Browser.Available.class)
@EmbeddedApplicationTest
class CamundaWebappsBrowserIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(180);

    @LocalServerPort
    int port;

    Browser browser;

    @BeforeEach
    void open() {
        browser = Browser.open(port);
        // The webapps pick their language from navigator.languages, which headless Chromium leaves at en-US whatever
        // --lang says: make it the browser of a Chinese office computer.
        String userAgent = (String) browser.script("return navigator.userAgent");
        ((ChromeDriver) browser.driver()).executeCdpCommand("Network.setUserAgentOverride",
                Map.of("userAgent", userAgent, "acceptLanguage", "zh-CN,zh"));
    }

    @AfterEach
    void close() {
        browser.close();
    }

    @Test
    void theOfficersTasklistSpeaksChineseWithoutTheMigrationBanner() {
        browser.loginAs("officer").go("/camunda/app/tasklist/");

        String text = untilTextShows("键盘快捷键");
        assertThat(text).contains("Camunda 任务列表", "发起流程", "日期和时间按本地时区显示")
                .doesNotContain("Start process", "Keyboard Shortcuts", "Camunda 8", "migration guide");
        assertThat(bannerShown()).isFalse();
        browser.screenshot("camunda-tasklist");
    }

    @Test
    void theOfficersCockpitSpeaksChineseWithoutTheMigrationBanner() {
        browser.loginAs("officer").go("/camunda/app/cockpit/");

        String text = untilTextShows("运行中的流程实例");
        assertThat(text).contains("Camunda 运维监控", "未解决的故障", "已部署")
                .doesNotContain("Running Process Instances", "Camunda 8", "migration guide");
        assertThat(bannerShown()).isFalse();
        browser.screenshot("camunda-cockpit");
    }

    @Test
    void aTaskForceMemberWhoOpensTasklistLandsOnOurPages() {
        browser.loginAs("huanghua.tf1").go("/camunda/app/tasklist/");

        assertThat(browser.path()).doesNotStartWith("/camunda");
        assertThat(browser.find("[data-test=user]").getText()).contains("黄花乡");
        browser.screenshot("camunda-tasklist-township");
    }

    /**
     * The apps render in the browser after the page has loaded their scripts (a few megabytes the first time): waits
     * for their text, generously, as a shared build machine may be busy.
     */
    private String untilTextShows(String text) {
        try {
            new WebDriverWait(browser.driver(), WAIT)
                    .until(d -> d.findElement(By.tagName("body")).getText().contains(text));
        } catch (TimeoutException e) {
            browser.screenshot("camunda-failed");
            throw new AssertionError("no \"" + text + "\" at " + browser.path() + " within " + WAIT.toSeconds() + " s; the page shows: " + browser.visibleText(), e);
        }
        return browser.visibleText();
    }

    /** The banner's element is in every header; shown means it takes up room on screen. */
    private boolean bannerShown() {
        return browser.findAll(".ce-eol-banner").stream().anyMatch(e -> e.isDisplayed());
    }
}
