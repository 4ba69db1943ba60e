package cn.jingyuan.relocation.steps.web;

import static cn.jingyuan.relocation.relocationcase.process.RelocationCaseProcess.TASK_RECORD_APPLICATION;
import static cn.jingyuan.relocation.relocationcase.process.RelocationCaseProcess.TASK_TOWNSHIP_REVIEW;
import static cn.jingyuan.relocation.relocationcase.process.RelocationCaseProcess.TASK_VERIFY_HOUSEHOLD;
import static cn.jingyuan.relocation.relocationcase.process.RelocationCaseProcess.TASK_VILLAGE_MEETING;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.fasterxml.jackson.databind.JsonNode;

import cn.jingyuan.relocation.shared.TimeConfig;
import cn.jingyuan.relocation.support.Api;
import cn.jingyuan.relocation.support.Browser;
import cn.jingyuan.relocation.support.CaseWalk;
import cn.jingyuan.relocation.support.EmbeddedApplicationTest;
import cn.jingyuan.relocation.support.RawCodes;

/**
 * A township reviewer returns a case from the 办理任务 page (退回): only the steps the case went through are offered,
 * by name and with who will do it again; the case goes back to that step for the person who did it last, and the
 * case file shows the return with its reason.
 */
@ExtendWith(Browser.Available.class)
@EmbeddedApplicationTest
class StepOperationsBrowserIntegrationTests {

    static final int YEAR = 2048;
    static final String TF1 = "xingsheng.tf1";
    static final String TF2 = "xingsheng.tf2";
    static final String LEAD = "xingsheng.lead";

    @LocalServerPort
    int port;

    Api api;
    CaseWalk walk;
    Browser browser;

    @BeforeEach
    void open() {
        api = Api.at(port);
        walk = CaseWalk.over(api);
        browser = Browser.open(port);
    }

    @AfterEach
    void close() {
        browser.close();
    }

    @Test
    void aReviewerReturnsACaseToAVisitedStepFromTheTaskPage() {
        String today = LocalDate.now(TimeConfig.COUNTY_ZONE).toString();
        String caseNo = register();
        walk.complete(walk.openTask(caseNo, TASK_VERIFY_HOUSEHOLD), TF1,
                Map.of("decision", "APPROVE", "membersConfirmed", true, "category", "RISK_ZONE", "riskLevel", "HIGH"));
        walk.complete(walk.openTask(caseNo, TASK_RECORD_APPLICATION), TF2, Map.of("willing", "APPLY", "applicationDate", today));
        walk.complete(walk.openTask(caseNo, TASK_VILLAGE_MEETING), TF1, Map.of("meetingDate", today, "minutesRef", "村评〔2048〕2号", "noticeDate", today));
        walk.fireTimers(caseNo);
        String review = walk.openTask(caseNo, TASK_TOWNSHIP_REVIEW);

        browser.loginAs(LEAD);
        browser.go("/tasks/" + review);
        browser.waitFor("[data-test=task-form]");
        WebElement summary = browser.find("[data-test=op-return] summary");
        browser.script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", summary);
        summary.click();
        Select target = new Select(browser.find("[data-test=op-return] select[name=target]"));
        // the three steps this case went through, by name, each with who will do it again; no step it never reached
        List<String> offered = target.getOptions().stream().map(o -> o.getAttribute("value")).toList();
        assertThat(offered).containsExactly(TASK_VERIFY_HOUSEHOLD, TASK_RECORD_APPLICATION, TASK_VILLAGE_MEETING);
        assertThat(target.getOptions()).allSatisfy(o -> assertThat(o.getText()).contains("重新办理"));
        assertThat(RawCodes.in(browser.visibleText())).isEmpty();
        browser.screenshot("task-return");

        target.selectByValue(TASK_RECORD_APPLICATION);
        browser.find("[data-test=op-return] textarea[name=reason]").sendKeys("申请材料缺少签字");
        WebElement send = browser.find("[data-test=op-return-submit]");
        browser.script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", send); // below the fold at 1366×768
        send.click();

        assertThat(browser.waitFor("[data-test=notice]").getText()).contains("已退回");
        JsonNode kase = walk.get("officer", "/api/cases/{c}", caseNo);
        assertThat(kase.path("stage").asText()).isEqualTo("APPLICATION");
        assertThat(kase.path("openTasks")).hasSize(1);
        assertThat(kase.path("openTasks").get(0).path("taskDefinitionKey").asText()).isEqualTo(TASK_RECORD_APPLICATION);
        assertThat(kase.path("openTasks").get(0).path("assignee").asText()).as("back to whoever did it last").isEqualTo(TF2);

        browser.go("/cases/" + caseNo);
        String history = browser.find("[data-test=case-history]").getText();
        assertThat(history).contains("退回", "申请材料缺少签字");
        assertThat(RawCodes.in(browser.visibleText())).isEmpty();
        browser.screenshot("case-returned");
    }

    @Test
    void aCoSignerGivesTheirOpinionOnTheirOwnPageAndTheHolderMayThenComplete() {
        String caseNo = register();
        walk.complete(walk.openTask(caseNo, TASK_VERIFY_HOUSEHOLD), TF1,
                Map.of("decision", "APPROVE", "membersConfirmed", true, "category", "RISK_ZONE", "riskLevel", "HIGH"));
        String application = walk.openTask(caseNo, TASK_RECORD_APPLICATION);
        assertThat(api.as(TF2).post("/api/tasks/{id}/claim", Map.of(), application).status()).isEqualTo(204);
        Api.Response added = api.as(TF2).post("/api/tasks/{id}/cosigners", Map.of("userIds", List.of(LEAD), "comment", "请分管领导把关"), application);
        assertThat(added.status()).as(added.toString()).isEqualTo(204);

        // the reviewer is no candidate of this step: the task page is not theirs, their own page asks for the opinion
        browser.loginAs(LEAD);
        browser.go("/tasks/" + application + "/opinion");
        browser.waitFor("[data-test=op-opinion]");
        assertThat(browser.visibleText()).contains("请提出您的加签意见", "自愿申请", caseNo);
        assertThat(browser.find("[data-test=case-summary]").getText()).contains(caseNo, "兴盛乡");
        assertThat(RawCodes.in(browser.visibleText())).isEmpty();
        browser.screenshot("cosign-opinion");
        browser.field("您的意见*").sendKeys("同意,申请书签字齐全");
        WebElement send = browser.find("[data-test=op-opinion-submit]");
        browser.script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", send);
        send.click();
        assertThat(browser.waitFor("[data-test=notice]").getText()).contains("已提交加签意见");

        // the opinion is in the case's history, and the page no longer asks for it
        JsonNode kase = walk.get("officer", "/api/cases/{c}", caseNo);
        assertThat(kase.path("history").toString()).contains("同意,申请书签字齐全");
        browser.go("/tasks/" + application + "/opinion");
        assertThat(browser.path()).isEqualTo("/tasks/" + application);
        // every co-signer has answered: the holder completes
        walk.complete(application, TF2, Map.of("willing", "APPLY", "applicationDate", LocalDate.now(TimeConfig.COUNTY_ZONE).toString()));
    }

    private String register() {
        return walk.register(TF1, YEAR, "兴盛乡", "退回试点村", "2组", 1968);
    }

}
