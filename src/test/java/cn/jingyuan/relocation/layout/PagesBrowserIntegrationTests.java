package cn.jingyuan.relocation.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.web.server.LocalServerPort;

import cn.jingyuan.relocation.support.Browser;
import cn.jingyuan.relocation.support.EmbeddedApplicationTest;
import cn.jingyuan.relocation.support.RawCodes;

/** The login page, the header and start page of every role, and 修改密码, in a real (headless) browser. */
@ExtendWith(Browser.Available.class)
@EmbeddedApplicationTest
class PagesBrowserIntegrationTests {

    @LocalServerPort
    int port;

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
    void aVisitorGetsTheLoginPageAndAWrongPasswordIsToldSo() {
        browser.go("/");
        assertThat(browser.path()).isEqualTo("/");
        assertThat(browser.visibleText()).contains("泾源县地质灾害避险搬迁业务系统", "用户名", "密码");
        browser.screenshot("login");

        browser.field("用户名").sendKeys("huanghua.tf1");
        browser.field("密码").sendKeys("wrong-password");
        browser.find("form button[type=submit]").click();

        assertThat(browser.waitFor("[data-test=login-error]").getText()).contains("用户名或密码错误");
        assertThat(RawCodes.in(browser.visibleText())).isEmpty();
        browser.screenshot("login-error");
    }

    @Test
    void everyRoleLandsOnItsStartPageWithNameTownshipAndRoleInTheHeader() {
        Map<String, String[]> expected = Map.of(
                "huanghua.tf1", new String[] {"专干一(黄花乡)", "黄花乡", "乡镇工作专班"},
                "huanghua.lead", new String[] {"黄花乡", "乡镇分管领导"},
                "officer", new String[] {"县级", "县自然资源局经办人"},
                "finance", new String[] {"县级", "县财政局"},
                "deputy", new String[] {"县级", "分管副县长"},
                "head", new String[] {"县级", "县长"},
                "admin", new String[] {"县级", "系统管理员"});
        expected.forEach((account, header) -> {
            browser.loginAs(account);

            boolean leader = account.equals("deputy") || account.equals("head");
            assertThat(browser.path()).as(account).startsWith(leader ? "/approvals" : "/workbench");
            assertThat(browser.find("[data-test=user]").getText()).as(account).contains(header);
            assertThat(browser.visibleText()).as(account).contains("工作台", leader ? "待我审批" : "待办", "修改密码", "退出");
            assertThat(RawCodes.in(browser.visibleText())).as(account).isEmpty();
            browser.screenshot("workbench-" + account.replace('.', '-'));
        });
    }

    @Test
    void theWorkbenchFitsAPhoneAndThePasswordPageLabelsEveryInput() {
        browser.size(Browser.PHONE).loginAs("jingheyuan.tf1");
        long overflow = (Long) browser.script("return document.documentElement.scrollWidth - window.innerWidth");
        assertThat(overflow).as("no sideways scrolling on a phone").isLessThanOrEqualTo(0);
        browser.screenshot("workbench-phone");

        browser.size(Browser.DESKTOP).go("/password");
        for (String label : new String[] {"原密码", "新密码", "确认新密码"}) {
            assertThat(browser.field(label).isDisplayed()).as(label).isTrue();
        }
        browser.field("原密码").sendKeys("demo");
        browser.field("新密码").sendKeys("Jingyuan-2025-secure");
        browser.field("确认新密码").sendKeys("something else entirely");
        browser.find("[data-test=save-password]").click();
        assertThat(browser.waitFor("[data-error-for=confirmPassword]").getText()).isEqualTo("两次输入的新密码不一致");
        assertThat(RawCodes.in(browser.visibleText())).isEmpty();
        browser.screenshot("password");
    }
}
