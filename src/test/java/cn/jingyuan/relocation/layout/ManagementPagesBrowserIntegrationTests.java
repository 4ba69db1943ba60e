package cn.jingyuan.relocation.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import cn.jingyuan.relocation.approval.BatchService;
import cn.jingyuan.relocation.calendar.CalendarService;
import cn.jingyuan.relocation.calendar.DayType;
import cn.jingyuan.relocation.calendar.WorkingDays;
import cn.jingyuan.relocation.security.AccountDirectory;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.shared.PageRequest;
import cn.jingyuan.relocation.support.Browser;
import cn.jingyuan.relocation.support.EmbeddedApplicationTest;
import cn.jingyuan.relocation.support.RawCodes;
import cn.jingyuan.relocation.worklist.TaskView;
import cn.jingyuan.relocation.worklist.Workload;
import cn.jingyuan.relocation.worklist.WorklistService;

/**
 * 乡镇管理 and 系统管理 in a real browser, and the sweep over every page of 领导审批, 年度计划与统计, 乡镇管理 and
 * 系统管理 as each demo account that may open it: no raw code, account id, group id or ISO duration on screen.
 */
@ExtendWith(Browser.Available.class)
@EmbeddedApplicationTest
class ManagementPagesBrowserIntegrationTests {

    @LocalServerPort
    int port;
    @Autowired
    WorklistService worklist;
    @Autowired
    AccountDirectory accounts;
    @Autowired
    CalendarService calendar;
    @Autowired
    WorkingDays workingDays;
    @Autowired
    BatchService batches;

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
    void theTownshipReviewerSetsAVillageCadreAndHandsOneMembersStepsToAnother() {
        // given a township whose first task-force member holds at least one step (not the townships other suites use)
        String t = List.of("xinmin", "dawan", "xingsheng", "liupanshan", "xiangshui").stream()
                .filter(slug -> worklist.list("group", null, null, null, PageRequest.of(0, 1), member(slug + ".tf1")).total() > 0)
                .findFirst().orElseThrow();
        CurrentUser tf1 = member(t + ".tf1");
        CurrentUser lead = member(t + ".lead");
        TaskView step = worklist.list("group", null, null, null, PageRequest.of(0, 1), tf1).items().get(0);
        worklist.claim(step.id(), tf1);
        int held = open(worklist.workload(null, lead), t + ".tf1");
        int before = open(worklist.workload(null, lead), t + ".tf2");
        assertThat(held).isPositive();

        browser.loginAs(t + ".lead");
        browser.go("/township");
        String tf1Name = accounts.displayName(t + ".tf1").orElseThrow();
        String tf2Name = accounts.displayName(t + ".tf2").orElseThrow();
        assertThat(browser.find("[data-test=workload]").getText()).contains(tf1Name, tf2Name, "本组待认领").doesNotContain(t + ".");
        assertThat(RawCodes.in(browser.visibleText())).isEmpty();
        browser.screenshot("township");

        // 包村干部: the first village gets 专干二
        WebElement village = browser.findAll("[data-test=villages] tr[data-village]").get(0);
        String villageName = village.getAttribute("data-village");
        new Select(village.findElement(By.tagName("select"))).selectByVisibleText(tf2Name);
        press(village.findElement(By.cssSelector("button[type=submit]")));
        browser.waitForText("[data-test=notice]", villageName + "的包村干部已设为" + tf2Name + "。");
        assertThat(browser.find("[data-test=villages] tr[data-village='" + villageName + "'] [data-test=cadre]").getText()).isEqualTo(tf2Name);

        // the same person on both sides is refused; then tf1's steps go to tf2
        new Select(browser.field("转出人(其全部在办任务)")).selectByVisibleText(tf1Name);
        new Select(browser.field("接收人")).selectByVisibleText(tf1Name);
        press(browser.find("[data-test=reassign] button[type=submit]"));
        assertThat(browser.waitFor("[data-test=problem]").getText()).contains("两人不能相同");
        assertThat(open(worklist.workload(null, lead), t + ".tf1")).isEqualTo(held);

        new Select(browser.field("转出人(其全部在办任务)")).selectByVisibleText(tf1Name);
        new Select(browser.field("接收人")).selectByVisibleText(tf2Name);
        press(browser.find("[data-test=reassign] button[type=submit]"));
        browser.waitForText("[data-test=notice]", "已将" + tf1Name + "的" + held + "项在办任务转交给" + tf2Name + "。");
        Workload after = worklist.workload(null, lead);
        assertThat(open(after, t + ".tf1")).isZero();
        assertThat(open(after, t + ".tf2")).isEqualTo(before + held);
        assertThat(RawCodes.in(browser.visibleText())).isEmpty();
    }

    @Test
    void theAdministratorEntersAYearsHolidaysAndReadsTheAuditLog() {
        int year = 2090;
        browser.loginAs("admin");
        browser.go("/admin/calendar?year=" + year);
        assertThat(browser.find("[data-test=calendar-source]").getText()).isEqualTo("未维护");
        List<Integer> missing = workingDays.yearsWithoutScheduleAhead();
        if (missing.isEmpty()) {
            assertThat(browser.findAll("[data-test=calendar-missing]")).isEmpty();
        } else {
            assertThat(browser.find("[data-test=calendar-missing]").getText()).contains(missing.get(0) + "年");
        }

        // a make-up working day on a Wednesday is refused beside its row, nothing saved
        browser.field("依据文件").sendKeys("国务院办公厅关于2090年部分节假日安排的通知");
        date(0, "2090-10-02");
        browser.field("第1条名称").sendKeys("国庆节");
        date(1, "2090-10-04");
        new Select(browser.field("第2条类型")).selectByVisibleText("调休上班");
        browser.field("第2条名称").sendKeys("国庆节");
        press(browser.find("[data-test=save-calendar]"));
        assertThat(browser.waitFor("[data-test=problem]").isDisplayed()).isTrue();
        assertThat(browser.find("#date-1 + .invalid-feedback").getText()).contains("调休上班日应为周六或周日");
        assertThat(calendar.year(year).days()).isNull();
        assertThat(RawCodes.in(browser.visibleText())).isEmpty();

        date(1, "2090-10-08");
        press(browser.find("[data-test=save-calendar]"));
        browser.waitForText("[data-test=notice]", "2090年的节假日安排已保存:1个放假日,1个调休上班日。");
        assertThat(calendar.year(year).days()).extracting(d -> d.date() + " " + d.type())
                .containsExactly(LocalDate.of(2090, 10, 2) + " " + DayType.HOLIDAY, LocalDate.of(2090, 10, 8) + " " + DayType.MAKEUP_WORKDAY);
        assertThat(browser.find("[data-test=calendar-source]").getText()).isEqualTo("本局维护");
        browser.screenshot("admin-calendar");

        // the save is in the audit log, by name, filtered to the calendar
        browser.go("/admin/audit?entity=calendar&entityId=" + year);
        assertThat(browser.find("[data-test=audit]").getText()).contains("工作日历 2090", "2090年节假日安排").contains(
                accounts.displayName("admin").orElseThrow());
        assertThat(RawCodes.in(browser.visibleText())).isEmpty();
        browser.screenshot("admin-audit");

        // 账号: each person by name with role and township; the login name only in its own column
        browser.go("/admin/accounts");
        WebElement tf1 = browser.find("tr[data-account='" + accounts.displayName("huanghua.tf1").orElseThrow() + "']");
        assertThat(tf1.getText()).contains("乡镇工作专班", "黄花乡");
        assertThat(tf1.findElement(By.cssSelector("[data-login-name]")).getText()).isEqualTo("huanghua.tf1");
        assertThat(RawCodes.in(withoutLoginNames())).isEmpty();
        browser.screenshot("admin-accounts");
    }

    @Test
    void theAdministratorCreatesAnAccountSeesItsOneTimePasswordOnceAndDisablesIt() {
        browser.loginAs("admin");
        browser.go("/admin/accounts");
        assertThat(RawCodes.in(withoutLoginNames())).isEmpty();

        // a township role without its township is refused beside the field, nothing created
        browser.field("登录名").sendKeys("wangfang2090");
        browser.field("姓名").sendKeys("王芳");
        new Select(browser.field("岗位")).selectByVisibleText("乡镇工作专班");
        press(browser.find("[data-test=create]"));
        assertThat(browser.waitFor("[data-test=problem]").getText()).isEqualTo("账号信息有误");
        assertThat(browser.find("#n-township").getAttribute("class")).contains("is-invalid");
        assertThat(accounts.exists("wangfang2090")).isFalse();

        new Select(browser.field("乡镇(乡镇岗位必选)")).selectByVisibleText("大湾乡");
        press(browser.find("[data-test=create]"));
        String password = browser.waitFor("[data-test=one-time-password]").getText();
        assertThat(browser.find("[data-test=notice]").getText()).contains("已新建王芳的账号", "只显示这一次");
        assertThat(accounts.checkPassword("wangfang2090", password)).isTrue();
        assertThat(accounts.load("wangfang2090").orElseThrow().townshipSlug()).isEqualTo("dawan");
        assertThat(browser.find("tr[data-account='王芳']").getText()).contains("乡镇工作专班", "大湾乡", "启用", "待首次改密");
        browser.screenshot("admin-accounts");

        // shown once: the next visit has no password on it
        browser.go("/admin/accounts");
        assertThat(browser.findAll("[data-test=one-time-password]")).isEmpty();

        // a reset gives a new one-time password; disabling takes effect
        press(browser.find("[data-reset='王芳']"));
        String reset = browser.waitFor("[data-test=one-time-password]").getText();
        assertThat(reset).isNotEqualTo(password);
        assertThat(accounts.checkPassword("wangfang2090", reset)).isTrue();
        press(browser.find("tr[data-account='王芳'] form[action$='/enabled'] button"));
        browser.waitForText("[data-test=notice]", "已停用王芳的账号。");
        assertThat(browser.find("tr[data-account='王芳']").getText()).contains("已停用");
        assertThat(RawCodes.in(withoutLoginNames())).isEmpty();
    }

    /**
     * The page's visible text without the 登录名 column: on the accounts page the login name is the record itself (what
     * the administrator tells the person), shown under its own heading; everywhere else a name stands for it.
     */
    private String withoutLoginNames() {
        return (String) browser.script("var b = document.body.cloneNode(true);"
                + "b.querySelectorAll('[data-login-name]').forEach(function (e) { e.remove(); });"
                + "b.style.position = 'absolute'; b.style.left = '-99999px'; document.documentElement.appendChild(b);"
                + "var t = b.innerText; b.remove(); return t;");
    }

    @Test
    void noPageShowsARawCodeToAnyoneWhoMayOpenIt() {
        long batch = batches.list(2025, null, CurrentUser.system()).get(0).id();
        Map<String, List<String>> pages = new LinkedHashMap<>();
        pages.put("deputy", List.of("/approvals", "/approvals/" + batch, "/approvals/" + batch + "/print", "/plans", "/plans?year=2024&preview=true"));
        pages.put("head", List.of("/approvals", "/approvals/" + batch, "/plans?year=2025"));
        pages.put("officer", List.of("/approvals", "/approvals/" + batch, "/plans?year=2025", "/plans?year=2024&preview=true", "/township",
                "/admin/calendar"));
        pages.put("finance", List.of("/plans?year=2024"));
        pages.put("admin", List.of("/admin/audit", "/admin/calendar", "/admin/calendar?year=2025", "/township?township=640424202", "/plans"));
        pages.put("huanghua.lead", List.of("/township", "/plans?year=2025"));
        pages.put("jingheyuan.tf1", List.of("/plans?year=2024"));
        pages.forEach((account, paths) -> {
            browser.loginAs(account);
            for (String path : paths) {
                browser.go(path);
                assertThat(browser.findAll("[data-test=user]")).as(account + " " + path + ": a page with the header").isNotEmpty();
                assertThat(browser.findAll("[data-test=problem], [data-test=page-error]")).as(account + " " + path).isEmpty();
                assertThat(RawCodes.in(browser.visibleText())).as(account + " " + path).isEmpty();
                browser.screenshot("page-" + account.replace('.', '-') + path.replaceAll("[^a-z0-9]+", "-"));
            }
        });
        // township roles see only their township's figures, and no leaders' or administrator's pages
        browser.loginAs("huanghua.tf1");
        browser.go("/plans?year=2024");
        assertThat(browser.find("[data-test=figure-target]").getText()).isEqualTo("0户 / 0人");
        for (String path : List.of("/approvals", "/township", "/admin/audit", "/admin/calendar")) {
            browser.go(path);
            assertThat(browser.find("[data-test=page-error]").getText()).as(path).contains("此操作仅限");
            assertThat(RawCodes.in(browser.visibleText())).as(path).isEmpty();
        }
    }

    /**
     * Presses a button with the keyboard (Enter), as a keyboard user would: the emulated viewport can be taller than the
     * headless window, so a mouse click near the page's foot may land outside it.
     */
    private void press(WebElement button) {
        button.sendKeys(Keys.ENTER);
    }

    private CurrentUser member(String id) {
        return accounts.load(id).orElseThrow();
    }

    private void date(int row, String isoDate) {
        // a date input takes the date through script: typing depends on the browser's locale
        browser.script("arguments[0].value = arguments[1]", browser.find("#date-" + row), isoDate);
    }

    private static int open(Workload w, String userId) {
        return w.members().stream().filter(m -> m.userId().equals(userId)).mapToInt(Workload.Member::open).findFirst().orElse(0);
    }
}
