package cn.jingyuan.relocation.worklist.web;

import static cn.jingyuan.relocation.relocationcase.process.RelocationCaseProcess.TASK_VERIFY_HOUSEHOLD;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import cn.jingyuan.relocation.approval.CaseFixture;
import cn.jingyuan.relocation.household.HouseholdRef;
import cn.jingyuan.relocation.support.Browser;
import cn.jingyuan.relocation.support.EmbeddedApplicationTest;
import cn.jingyuan.relocation.support.Ledger;
import cn.jingyuan.relocation.support.RawCodes;

/** 工作台 (待办, 已办, 抄送我的, 我的消息), 办理任务 and 一户一档 in a real (headless) browser, as the demo accounts. */
@ExtendWith(Browser.Available.class)
@EmbeddedApplicationTest
class TaskPagesBrowserIntegrationTests {

    private static final int YEAR = 2031;
    private static final AtomicInteger VILLAGES = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

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
    void aTaskForceMemberFindsTheStepByVillageIsToldWhatIsMissingAndCompletesIt() {
        String village = "页面试点" + VILLAGES.incrementAndGet() + "村";
        HouseholdRef h = CaseFixture.in(context).openAt(CaseFixture.add(Ledger.create(), 1, YEAR, "大湾乡", village, 3, ""),
                TASK_VERIFY_HOUSEHOLD).get(0);

        browser.loginAs("dawan.tf1");
        new Select(browser.field("村")).selectByVisibleText(village);
        browser.clickAndLoad("[data-test=filter]");
        assertThat(browser.find("[data-test=todo-count]").getText()).isEqualTo("1");
        String row = browser.find("tr[data-case='" + h.caseNo() + "']").getText();
        assertThat(row).contains(h.caseNo(), h.headName(), village, "核实认定", "本组待认领", "剩余");
        assertThat(RawCodes.in(browser.visibleText())).isEmpty();
        browser.screenshot("workbench-filtered");

        browser.find("tr[data-case='" + h.caseNo() + "'] [data-test=open-task]").click();
        browser.waitFor("[data-test=task-form]");
        assertThat(browser.find("[data-test=case-summary]").getText()).contains(h.caseNo(), h.headName(), "大湾乡", "3人");
        assertThat(browser.find("[data-test=holder]").getText()).isEqualTo("本组待认领");
        // every field has its label, the required ones are marked
        for (String label : new String[] {"认定结论*", "已与公安户籍核对家庭成员*", "搬迁类别*", "风险等级*", "核实意见/不予认定理由"}) {
            assertThat(browser.field(label).isDisplayed()).as(label).isTrue();
        }
        assertThat(RawCodes.in(browser.visibleText())).isEmpty();
        browser.screenshot("task");

        // sent without the confirmation: the server's message stands beside the box, nothing is completed
        browser.field("核实意见/不予认定理由").sendKeys("先写的意见");
        browser.find("[data-test=complete]").click();
        assertThat(browser.waitFor("[data-error-for=membersConfirmed]").getText()).contains("须确认", "已与公安户籍核对家庭成员");
        assertThat(browser.find("[data-test=form-problem]").getText()).contains("任务未办理");
        assertThat(RawCodes.in(browser.visibleText())).isEmpty();
        browser.screenshot("task-errors");
        // shown after a redirect (post/redirect/get): the address is the task's, and reloading it sends nothing again
        assertThat(browser.path()).startsWith("/tasks/").doesNotEndWith("/complete");
        assertThat(browser.field("核实意见/不予认定理由").getAttribute("value")).as("what was typed is kept").isEqualTo("先写的意见");
        browser.driver().navigate().refresh();
        browser.waitFor("[data-test=task-form]");
        assertThat(browser.findAll("[data-error-for=membersConfirmed]")).as("the messages were for that one submission").isEmpty();
        assertThat(browser.field("核实意见/不予认定理由").getAttribute("value")).isEmpty();

        browser.field("已与公安户籍核对家庭成员*").click();
        new Select(browser.field("风险等级*")).selectByVisibleText("高");
        browser.field("核实意见/不予认定理由").sendKeys("入户核实,房屋后坡有裂缝");
        browser.find("[data-test=complete]").click();

        assertThat(browser.waitFor("[data-test=notice]").getText()).contains("已办理", "核实认定", h.caseNo());
        assertThat(browser.path()).startsWith("/workbench");
        new Select(browser.field("村")).selectByVisibleText(village);
        browser.clickAndLoad("[data-test=filter]");
        assertThat(browser.findAll("tr[data-case='" + h.caseNo() + "']")).allSatisfy(r -> assertThat(r.getText()).doesNotContain("核实认定"));

        // 已办: the step just completed, first, with where its case stands now
        browser.find("[data-test=tab-done]").click();
        String done = browser.waitFor("[data-test=done] tr[data-case='" + h.caseNo() + "']").getText();
        assertThat(done).contains(h.caseNo(), h.headName(), village, "核实认定");
        assertThat(browser.findAll("[data-test=done] tbody tr").get(0).getText()).contains(h.caseNo());
        assertThat(RawCodes.in(browser.visibleText())).isEmpty();
        browser.screenshot("workbench-done");
        browser.find("[data-test=tab-copies]").click();
        browser.waitFor("[data-test=copies]");
        assertThat(RawCodes.in(browser.visibleText())).isEmpty();
        browser.find("[data-test=tab-messages]").click();
        browser.waitFor("[data-test=messages]");
        assertThat(RawCodes.in(browser.visibleText())).isEmpty();
        browser.screenshot("workbench-messages");

        // the case file: who did it, when, with the decision in words; the diagram marks the step as done
        browser.go("/cases/" + h.caseNo());
        String history = browser.find("[data-test=case-history]").getText();
        assertThat(history).contains("核实认定", "丁专干一(大湾乡)", "符合条件,予以认定", "入户核实,房屋后坡有裂缝");
        assertThat(browser.find("[data-test=diagram] g[data-element=Task_VerifyHousehold]").getAttribute("data-state")).isEqualTo("visited");
        assertThat(browser.findAll("[data-test=diagram] g[data-state=current]")).isNotEmpty();
        assertThat(browser.findAll("[data-test=reveal]")).as("a task-force member cannot reveal numbers").isEmpty();
        assertThat(browser.find("[data-test=members]").getText()).contains("*");
        assertThat(RawCodes.in(browser.visibleText())).isEmpty();
        browser.screenshot("case");
    }

    @Test
    void theOfficerRevealsTheNumbersWithAnAuditNoteAndAnotherTownshipsCaseIsNotThere() {
        String village = "页面试点" + VILLAGES.incrementAndGet() + "村";
        HouseholdRef h = CaseFixture.in(context).openAt(CaseFixture.add(Ledger.create(), 1, YEAR, "大湾乡", village, 2, ""),
                TASK_VERIFY_HOUSEHOLD).get(0);

        browser.loginAs("officer").go("/cases/" + h.caseNo());
        assertThat(browser.find("[data-test=members]").getText()).contains("*");
        assertThat(browser.find("[data-test=diagram] g[data-element=Task_VerifyHousehold]").getAttribute("data-state")).isEqualTo("current");
        browser.find("[data-test=reveal]").click();
        assertThat(browser.waitFor("[data-test=revealed-note]").getText()).contains("审计日志");
        assertThat(browser.find("[data-test=members]").getText()).doesNotContain("*").containsPattern("\\d{17}[\\dX]");
        assertThat(RawCodes.in(browser.visibleText())).isEmpty();
        browser.screenshot("case-revealed");
        browser.size(Browser.PHONE);
        long overflow = (Long) browser.script("return document.documentElement.scrollWidth - window.innerWidth");
        assertThat(overflow).as("the case file fits a phone (the diagram scrolls in its own box)").isLessThanOrEqualTo(0);
        browser.screenshot("case-phone");

        browser.size(Browser.DESKTOP).loginAs("huanghua.tf1").go("/cases/" + h.caseNo());
        assertThat(browser.find("[data-test=page-error]").getText()).contains("没有找到");
        assertThat(browser.visibleText()).doesNotContain(h.headName());
    }
}
