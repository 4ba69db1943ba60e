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

/** 工作台 and 办理任务 in a real (headless) browser, as a township task-force member. */
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
        browser.find("[data-test=filter]").click();
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
        browser.find("[data-test=complete]").click();
        assertThat(browser.waitFor("[data-error-for=membersConfirmed]").getText()).contains("须确认", "已与公安户籍核对家庭成员");
        assertThat(browser.find("[data-test=form-problem]").getText()).contains("任务未办理");
        assertThat(RawCodes.in(browser.visibleText())).isEmpty();
        browser.screenshot("task-errors");

        browser.field("已与公安户籍核对家庭成员*").click();
        new Select(browser.field("风险等级*")).selectByVisibleText("高");
        browser.field("核实意见/不予认定理由").sendKeys("入户核实,房屋后坡有裂缝");
        browser.find("[data-test=complete]").click();

        assertThat(browser.waitFor("[data-test=notice]").getText()).contains("已办理", "核实认定", h.caseNo());
        assertThat(browser.path()).startsWith("/workbench");
        new Select(browser.field("村")).selectByVisibleText(village);
        browser.find("[data-test=filter]").click();
        assertThat(browser.findAll("tr[data-case='" + h.caseNo() + "']")).allSatisfy(r -> assertThat(r.getText()).doesNotContain("核实认定"));
    }
}
