package cn.jingyuan.relocation.approval.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Keys;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import cn.jingyuan.relocation.approval.BatchService;
import cn.jingyuan.relocation.approval.BatchView;
import cn.jingyuan.relocation.approval.CaseFixture;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.security.Groups;
import cn.jingyuan.relocation.security.Role;
import cn.jingyuan.relocation.support.Api;
import cn.jingyuan.relocation.support.Browser;
import cn.jingyuan.relocation.support.EmbeddedApplicationTest;
import cn.jingyuan.relocation.support.Ledger;
import cn.jingyuan.relocation.support.RawCodes;

/**
 * 领导审批 in a real browser: the deputy county head decides a batch on a phone, with the keyboard (the phone-sized
 * viewport is taller than the headless window, so nothing below its fold is clicked with the mouse); others see its
 * status only.
 */
@ExtendWith(Browser.Available.class)
@EmbeddedApplicationTest
class ApprovalPagesBrowserIntegrationTests {

    static final int YEAR = 2083;

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
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
    void theDeputyApprovesABatchWithOneExclusionOnAPhone() throws IOException {
        // given a batch of three households (黄花乡, 补助安置) the officer assembled
        Ledger ledger = Ledger.create();
        CaseFixture.add(ledger, 3, YEAR, "黄花乡", "米岗村", 4, "补助安置");
        List<String> caseNos = CaseFixture.caseNos(CaseFixture.in(context).waitingForBatch(ledger));
        Api.Response created = Api.at(port).as("officer").post("/api/batches", Map.of("year", YEAR, "title", "2083年第一批(页面测试)",
                "caseNos", caseNos));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        String excluded = caseNos.get(1);

        // when the deputy opens 领导审批 on a 390x844 phone: the batch is under 待我审批, with the officer's name
        browser.size(Browser.PHONE).loginAs("deputy");
        assertThat(browser.path()).isEqualTo("/approvals");
        assertThat(browser.find("[data-test=mine]").getText()).contains("2083年第一批(页面测试)", "3户 12人").doesNotContain("officer");
        assertThat(RawCodes.in(browser.visibleText())).isEmpty();
        browser.screenshot("approvals-phone");
        browser.find("[data-test=mine] a[href='/approvals/" + id + "']").sendKeys(Keys.ENTER);

        assertThat(browser.find("[data-test=status]").getText()).isEqualTo("待分管副县长审批");
        assertThat(browser.find("[data-test=cases]").getText()).contains(caseNos.toArray(String[]::new)).contains("补助安置");
        assertThat(browser.find("[data-test=author]").getText()).doesNotContain("officer");
        assertNoSidewaysScrolling();

        // an exclusion without its own opinion is refused beside that case, nothing decided
        int row = caseNos.indexOf(excluded);
        browser.find("#ex-" + row).sendKeys(Keys.SPACE);
        browser.find("#d-approve").sendKeys(Keys.SPACE);
        browser.field("审批意见").sendKeys("同意纳入2083年度搬迁计划");
        browser.field("批准文号").sendKeys("泾政函〔2083〕7号");
        browser.find("[data-test=submit-decision]").sendKeys(Keys.ENTER);
        assertThat(browser.waitFor("[data-test=problem]").getText()).contains("审批内容不完整");
        assertThat(browser.find("#op-" + row + " + .invalid-feedback").getText()).isEqualTo("暂不纳入的案件须逐户填写意见");
        assertThat(batches.view(id, deputy()).status()).isEqualTo("PENDING_DEPUTY");

        // with the opinion the batch is approved and that one case left out with its opinion
        assertThat(browser.find("#ex-" + row).isSelected()).as("the choice survives the refusal").isTrue();
        browser.find("#op-" + row).sendKeys("宅基地权属待核实");
        browser.find("[data-test=submit-decision]").sendKeys(Keys.ENTER);

        browser.waitForText("[data-test=notice]", "已同意该批次,1户暂不纳入。");
        assertThat(browser.find("[data-test=status]").getText()).isEqualTo("已批准");
        assertThat(browser.find("[data-test=document-no]").getText()).isEqualTo("泾政函〔2083〕7号");
        assertThat(browser.find("tr[data-case='" + excluded + "']").getText()).contains("暂不纳入", "宅基地权属待核实");
        assertThat(browser.find("[data-test=decisions]").getText()).contains("分管副县长", "同意(部分暂不纳入)", excluded).doesNotContain("deputy");
        assertThat(RawCodes.in(browser.visibleText())).isEmpty();
        assertNoSidewaysScrolling();
        browser.screenshot("approval-decided-phone");

        BatchView decided = batches.view(id, deputy());
        assertThat(decided.status()).isEqualTo("APPROVED");
        assertThat(decided.cases()).filteredOn(c -> c.caseNo().equals(excluded)).singleElement()
                .satisfies(c -> assertThat(c.outcome()).isEqualTo("EXCLUDED"))
                .satisfies(c -> assertThat(c.opinion()).isEqualTo("宅基地权属待核实"));
        assertThat(decided.cases()).filteredOn(c -> !c.caseNo().equals(excluded)).extracting(BatchView.BatchCase::outcome).containsOnly("INCLUDED");

        // the printable 审批表 carries the names, the document number and the exclusion
        browser.size(Browser.DESKTOP).go("/approvals/" + id + "/print");
        assertThat(browser.find("[data-test=sheet]").getText()).contains("泾政函〔2083〕7号", "已批准");
        assertThat(browser.visibleText()).contains("泾源县地质灾害避险搬迁对象审批表", "宅基地权属待核实").doesNotContain("officer", "deputy");
        assertThat(RawCodes.in(browser.visibleText())).isEmpty();
        browser.screenshot("approval-sheet");
    }

    @Test
    void theOfficerSeesEveryBatchsStatusButNoDecisionFormAndTownshipsAreRefused() {
        browser.loginAs("officer");
        browser.go("/approvals");
        assertThat(browser.find("[data-test=batches]").getText()).contains("2025年第三批地质灾害避险搬迁对象", "待分管副县长审批");
        assertThat(browser.findAll("[data-test=mine]")).isEmpty();
        browser.find("[data-test=batches] a").click();
        assertThat(browser.findAll("[data-test=submit-decision]")).isEmpty();
        assertThat(RawCodes.in(browser.visibleText())).isEmpty();
        browser.screenshot("approval-officer");

        browser.loginAs("huanghua.tf1");
        browser.go("/approvals");
        assertThat(browser.find("[data-test=page-error]").getText()).contains("此操作仅限").doesNotContain("huanghua");
        assertThat(browser.visibleText()).doesNotContain("领导审批");
    }

    private void assertNoSidewaysScrolling() {
        long overflow = (Long) browser.script("return document.documentElement.scrollWidth - window.innerWidth");
        assertThat(overflow).as("no sideways scrolling on a phone").isLessThanOrEqualTo(0);
    }

    private CurrentUser deputy() {
        return new CurrentUser("deputy", "分管副县长", java.util.Set.of(Role.DEPUTY), List.of(Groups.DEPUTY, Groups.LEADERS), null);
    }
}
