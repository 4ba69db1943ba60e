package cn.jingyuan.relocation.approval;

import static cn.jingyuan.relocation.approval.process.BatchApprovalProcess.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.AbstractAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;

import cn.jingyuan.relocation.household.HouseholdRef;
import cn.jingyuan.relocation.household.Stage;
import cn.jingyuan.relocation.relocationcase.CaseView;
import cn.jingyuan.relocation.relocationcase.RelocationCaseService;
import cn.jingyuan.relocation.relocationcase.process.RelocationCaseProcess;
import cn.jingyuan.relocation.security.AccountDirectory;
import cn.jingyuan.relocation.security.Groups;
import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.shared.FieldError;
import cn.jingyuan.relocation.support.Ledger;

/**
 * {@code bpmn/batch-approval.bpmn} on every path, with the real route table, listeners, delegate and case process:
 * the officer gathers cases waiting for approval into a batch, the deputy county head decides (and the county head
 * too for a large batch), and the decided cases advance, in jobs run here by hand, to the agreement or back to
 * county review. Each test has households of its own in plan year {@value #YEAR}.
 */
@ProcessTest
class BatchApprovalProcessTests {

    static final int YEAR = 2051;
    private static final AtomicInteger TITLES = new AtomicInteger();

    @Autowired
    ApplicationContext context;
    @Autowired
    ProcessEngine engine;
    @Autowired
    BatchService batches;
    @Autowired
    RelocationCaseService cases;
    @Autowired
    AccountDirectory accounts;
    @Autowired
    IdentityService identity;
    @Autowired
    RuntimeService runtime;
    @Autowired
    TaskService tasks;
    @Autowired
    DecisionService decisions;

    CaseFixture fixture;

    @BeforeEach
    void setUp() {
        AbstractAssertions.init(engine);
        fixture = CaseFixture.in(context);
        Actors.ensure(identity, "officer", "县自然资源局经办人", Groups.OFFICER);
        Actors.ensure(identity, "officer2", "县自然资源局经办人二", Groups.OFFICER);
        Actors.ensure(identity, "deputy", "分管副县长", Groups.DEPUTY, Groups.LEADERS);
        Actors.ensure(identity, "head", "县长", Groups.HEAD, Groups.LEADERS);
        // an officer who is also in the deputy's group, and someone in both leaders' groups (acting for one another)
        Actors.ensure(identity, "officer-deputy", "兼任经办人的副县长", Groups.OFFICER, Groups.DEPUTY);
        Actors.ensure(identity, "deputy-head", "代理县长的副县长", Groups.DEPUTY, Groups.HEAD, Groups.LEADERS);
    }

    @AfterEach
    void tearDown() {
        AbstractAssertions.reset();
    }

    // ---- the route ----

    @Test
    void theRouteTableSendsBatchesOfMoreThan50HouseholdsOrMoreThan5MillionYuanToTheCountyHead() {
        assertThat(needsHead(50, 5_000_000.0)).isFalse();
        assertThat(needsHead(1, 120_000.0)).isFalse();
        assertThat(needsHead(51, 0.0)).isTrue();
        assertThat(needsHead(1, 5_000_000.01)).isTrue();
        assertThat(needsHead(1000, 200_000_000.0)).isTrue();
    }

    private boolean needsHead(int households, double totalSubsidy) {
        return decisions.evaluateDecisionTableByKey(DECISION_ROUTE)
                .variables(Map.of(VAR_HOUSEHOLDS, households, VAR_TOTAL_SUBSIDY, totalSubsidy))
                .evaluate().getSingleResult().getSingleEntry();
    }

    // ---- the one-level route ----

    @Test
    void aSmallBatchIsDecidedByTheDeputyAloneWhoseApprovalIsFinalAndCarriesTheDocumentNumber() {
        // given three households of three (200,000 yuan each): well below both thresholds
        List<HouseholdRef> waiting = fixture.waitingForBatch(households(3, "香水镇", "沙塘村", 3, "补助安置"));
        BatchView batch = create("officer", waiting);
        ProcessInstance pi = process(batch.id());

        assertThat(batch.status()).isEqualTo("PENDING_DEPUTY");
        assertThat(batch.totalSubsidy()).isEqualByComparingTo("600000");
        assertThat(batch.needsHead()).isFalse();
        assertThat(batch.route()).containsExactly("DEPUTY");
        assertThat(pi).isWaitingAtExactly(TASK_DEPUTY_DECISION).task().hasCandidateGroup(Groups.DEPUTY);

        // when the deputy approves without a document number: refused, the task stays open
        assertStatus(() -> decide("deputy", batch.id(), APPROVE, List.of(), "同意", null), HttpStatus.BAD_REQUEST)
                .satisfies(e -> assertThat(((ApiException) e).errors()).extracting(FieldError::field).containsExactly("documentNo"));
        assertThat(pi).isWaitingAtExactly(TASK_DEPUTY_DECISION);
        assertThat(view(batch.id()).decisions()).isEmpty();

        // and with one: the batch is approved at once, the cases advance in the jobs that follow
        BatchView approved = decide("deputy", batch.id(), APPROVE, List.of(), "同意列入搬迁安置", "泾政发〔2051〕1号");
        assertThat(approved.status()).isEqualTo("APPROVED");
        assertThat(approved.documentNo()).isEqualTo("泾政发〔2051〕1号");
        assertThat(approved.decisions()).singleElement().satisfies(d -> {
            assertThat(d.level()).isEqualTo("DEPUTY");
            assertThat(d.decision()).isEqualTo("APPROVE");
            assertThat(d.decidedBy()).isEqualTo("deputy");
        });
        assertThat(approved.progress().advanced()).isZero();
        assertThat(stages(waiting)).containsOnly(Stage.AWAITING_BATCH_APPROVAL);
        assertThat(pi).hasPassed(TASK_DEPUTY_DECISION).hasNotPassed(TASK_HEAD_DECISION).isNotEnded();

        assertThat(BatchJobs.applyDecision(engine, batch.id())).isEqualTo(3);

        assertThat(pi).isEnded().hasPassed(TASK_APPLY_DECISION, "EndEvent_BatchDecided").hasNotPassed(TASK_HEAD_DECISION);
        assertThat(stages(waiting)).containsOnly(Stage.AGREEMENT);
        for (HouseholdRef h : waiting) {
            CaseView c = caseView(h);
            assertThat(c.openTasks()).extracting(CaseView.OpenTask::taskDefinitionKey).containsExactly(RelocationCaseProcess.TASK_SIGN_AGREEMENT);
            assertThat(batchDecisions(c)).singleElement().satisfies(e -> {
                assertThat(e.decision()).isEqualTo("APPROVE");
                assertThat(e.comment()).contains("泾政发〔2051〕1号");
                assertThat(e.actor()).isEqualTo("deputy");
            });
        }
        assertThat(view(batch.id()).progress()).isEqualTo(new BatchView.Progress(3, 3));
    }

    @Test
    void approvedWithExclusionsTheExcludedCaseGoesBackToCountyReviewWithTheLeadersOpinionAndTheOthersToTheAgreement() {
        List<HouseholdRef> waiting = fixture.waitingForBatch(households(4, "黄花乡", "向阳村", 2, "统规统建"));
        HouseholdRef excluded = waiting.get(1);
        BatchView batch = create("officer", waiting);

        // excluding a case that is not in the batch, or every case, is not a decision
        assertStatus(() -> decide("deputy", batch.id(), APPROVE, List.of("640424-1999-0001"), "同意", "泾政发〔2051〕2号"),
                HttpStatus.BAD_REQUEST);
        assertStatus(() -> decide("deputy", batch.id(), APPROVE, CaseFixture.caseNos(waiting), "同意", "泾政发〔2051〕2号"),
                HttpStatus.BAD_REQUEST);

        BatchView decided = Actors.as(accounts, "deputy", () -> batches.decide(batch.id(), new DecisionRequest("APPROVE", null,
                List.of(new DecisionRequest.Exclusion(excluded.caseNo(), "宅基地权属有争议,待核实后另行报批")), "同意,其中一户暂不纳入",
                "泾政发〔2051〕2号"), Actors.user(accounts, "deputy")));

        assertThat(decided.status()).isEqualTo("APPROVED");
        assertThat(decided.decisions()).singleElement().satisfies(d -> {
            assertThat(d.decision()).isEqualTo("APPROVE_WITH_EXCLUSIONS");
            assertThat(d.excludedCaseNos()).containsExactly(excluded.caseNo());
        });
        assertThat(decided.cases()).filteredOn(c -> c.caseNo().equals(excluded.caseNo())).singleElement()
                .satisfies(c -> assertThat(c.outcome()).isEqualTo("EXCLUDED"))
                .satisfies(c -> assertThat(c.opinion()).isEqualTo("宅基地权属有争议,待核实后另行报批"));
        assertThat(decided.cases()).filteredOn(c -> !c.caseNo().equals(excluded.caseNo())).extracting(BatchView.BatchCase::outcome)
                .containsOnly("INCLUDED");

        assertThat(BatchJobs.applyDecision(engine, batch.id())).isEqualTo(4);

        CaseView back = caseView(excluded);
        assertThat(back.stage()).isEqualTo("COUNTY_REVIEW");
        assertThat(back.openTasks()).extracting(CaseView.OpenTask::taskDefinitionKey).containsExactly(RelocationCaseProcess.TASK_COUNTY_REVIEW);
        assertThat(batchDecisions(back)).singleElement().satisfies(e -> {
            assertThat(e.decision()).isEqualTo("EXCLUDE");
            assertThat(e.comment()).isEqualTo("宅基地权属有争议,待核实后另行报批");
            assertThat(e.actor()).isEqualTo("deputy");
        });
        for (HouseholdRef h : waiting) {
            if (!h.equals(excluded)) {
                assertThat(caseView(h).stage()).isEqualTo("AGREEMENT");
            }
        }
        assertThat(view(batch.id()).progress()).isEqualTo(new BatchView.Progress(4, 4));
    }

    @Test
    void aRejectedBatchSendsEveryCaseBackToCountyReviewWithTheOpinion() {
        List<HouseholdRef> waiting = fixture.waitingForBatch(households(2, "大湾乡", "杨岭村", 4, "自建"));
        BatchView batch = create("officer", waiting);
        ProcessInstance pi = process(batch.id());

        assertStatus(() -> decide("deputy", batch.id(), REJECT, List.of(), " ", null), HttpStatus.BAD_REQUEST)
                .satisfies(e -> assertThat(((ApiException) e).errors()).extracting(FieldError::field).containsExactly("comment"));
        BatchView rejected = decide("deputy", batch.id(), REJECT, List.of(), "补助测算依据不足,请重新审定后报批", null);

        assertThat(rejected.status()).isEqualTo("REJECTED");
        assertThat(rejected.documentNo()).isNull();
        assertThat(rejected.cases()).extracting(BatchView.BatchCase::outcome).containsOnly("REJECTED");
        BatchJobs.applyDecision(engine, batch.id());

        assertThat(pi).isEnded().hasPassed(TASK_DEPUTY_DECISION, TASK_APPLY_DECISION).hasNotPassed(TASK_HEAD_DECISION);
        for (HouseholdRef h : waiting) {
            CaseView c = caseView(h);
            assertThat(c.stage()).isEqualTo("COUNTY_REVIEW");
            assertThat(batchDecisions(c)).singleElement().satisfies(e -> {
                assertThat(e.decision()).isEqualTo("REJECT");
                assertThat(e.comment()).isEqualTo("补助测算依据不足,请重新审定后报批");
            });
        }
    }

    @Test
    void theAuthorWithdrawsTheBatchBeforeTheFirstDecisionAndItsCasesAreFreeToJoinAnotherBatch() {
        List<HouseholdRef> waiting = fixture.waitingForBatch(households(2, "新民乡", "杨堡村", 2, "投亲靠友"));
        BatchView batch = create("officer", waiting);
        ProcessInstance pi = process(batch.id());

        assertStatus(() -> Actors.as(accounts, "officer2", () -> batches.withdraw(batch.id(), Actors.user(accounts, "officer2"))),
                HttpStatus.FORBIDDEN);
        BatchView withdrawn = Actors.as(accounts, "officer", () -> batches.withdraw(batch.id(), Actors.user(accounts, "officer")));

        assertThat(withdrawn.status()).isEqualTo("WITHDRAWN");
        assertThat(withdrawn.cases()).extracting(BatchView.BatchCase::outcome).containsOnly("WITHDRAWN");
        assertThat(pi).isEnded().hasPassed(BOUNDARY_BATCH_WITHDRAWN, "EndEvent_BatchWithdrawn").hasNotPassed(TASK_APPLY_DECISION);
        assertThat(stages(waiting)).containsOnly(Stage.AWAITING_BATCH_APPROVAL);
        assertThat(candidates()).containsAll(CaseFixture.caseNos(waiting));
        assertStatus(() -> decide("deputy", batch.id(), APPROVE, List.of(), "同意", "泾政发〔2051〕3号"), HttpStatus.CONFLICT);

        BatchView again = create("officer", waiting);
        assertThat(again.status()).isEqualTo("PENDING_DEPUTY");
        assertThat(again.households()).isEqualTo(2);
    }

    // ---- the two-level route ----

    @Test
    void aBatchOfMoreThan5MillionYuanGoesOnToTheCountyHeadWhoseApprovalIsFinal() {
        // given 18 households of five with 补助安置 (300,000 yuan each): 5.4 million yuan, 18 households
        List<HouseholdRef> waiting = fixture.waitingForBatch(households(18, "香水镇", "下寺村", 5, "补助安置"));
        BatchView batch = create("officer", waiting);
        ProcessInstance pi = process(batch.id());
        assertThat(batch.totalSubsidy()).isEqualByComparingTo(new BigDecimal("5400000"));
        assertThat(batch.needsHead()).isTrue();
        assertThat(batch.route()).containsExactly("DEPUTY", "HEAD");

        // the county head may not decide before the deputy
        assertStatus(() -> decide("head", batch.id(), APPROVE, List.of(), "同意", "泾政发〔2051〕4号"), HttpStatus.FORBIDDEN);
        assertThat(pi).isWaitingAtExactly(TASK_DEPUTY_DECISION);

        // the deputy's approval is not final: no document number needed, the cases wait
        BatchView first = decide("deputy", batch.id(), APPROVE, List.of(), "同意,报县长审批", null);
        assertThat(first.status()).isEqualTo("PENDING_HEAD");
        assertThat(first.awaiting()).isEqualTo("HEAD");
        assertThat(pi).isWaitingAtExactly(TASK_HEAD_DECISION).task().hasCandidateGroup(Groups.HEAD);
        assertThat(stages(waiting)).containsOnly(Stage.AWAITING_BATCH_APPROVAL);

        // no withdrawal after a decision; the deputy has no second say; the head's approval needs its document number
        assertStatus(() -> Actors.as(accounts, "officer", () -> batches.withdraw(batch.id(), Actors.user(accounts, "officer"))),
                HttpStatus.CONFLICT);
        assertStatus(() -> decide("deputy", batch.id(), APPROVE, List.of(), "同意", "泾政发〔2051〕4号"), HttpStatus.FORBIDDEN);
        assertStatus(() -> decide("head", batch.id(), APPROVE, List.of(), "同意", null), HttpStatus.BAD_REQUEST);
        assertThat(pi).isWaitingAtExactly(TASK_HEAD_DECISION);

        BatchView approved = decide("head", batch.id(), APPROVE, List.of(), "同意", "泾政发〔2051〕4号");
        assertThat(approved.status()).isEqualTo("APPROVED");
        assertThat(approved.documentNo()).isEqualTo("泾政发〔2051〕4号");
        assertThat(approved.decisions()).extracting(BatchView.Decision::level, BatchView.Decision::decidedBy)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("DEPUTY", "deputy"), org.assertj.core.groups.Tuple.tuple("HEAD", "head"));

        assertThat(BatchJobs.applyDecision(engine, batch.id())).isEqualTo(18);
        assertThat(pi).isEnded().hasPassed(TASK_DEPUTY_DECISION, TASK_HEAD_DECISION, TASK_APPLY_DECISION);
        assertThat(stages(waiting)).containsOnly(Stage.AGREEMENT);
        assertThat(view(batch.id()).progress()).isEqualTo(new BatchView.Progress(18, 18));
    }

    // ---- separation of duties ----

    @Test
    void theBatchsAuthorCannotDecideOnItEvenWhenInTheDeputysGroup() {
        List<HouseholdRef> waiting = fixture.waitingForBatch(households(2, "兴盛乡", "红旗村", 3, "补助安置"));
        BatchView batch = create("officer-deputy", waiting);

        assertStatus(() -> decide("officer-deputy", batch.id(), APPROVE, List.of(), "同意", "泾政发〔2051〕5号"), HttpStatus.FORBIDDEN)
                .hasMessageContaining("提交人");
        // nothing was decided: the task is open and unclaimed, another deputy decides
        assertThat(process(batch.id())).isWaitingAtExactly(TASK_DEPUTY_DECISION).task().isNotAssigned();
        assertThat(view(batch.id()).decisions()).isEmpty();
        assertThat(decide("deputy", batch.id(), APPROVE, List.of(), "同意", "泾政发〔2051〕5号").status()).isEqualTo("APPROVED");
    }

    @Test
    void nobodyDecidesAtBothLevelsOfOneBatch() {
        List<HouseholdRef> waiting = fixture.waitingForBatch(households(18, "六盘山镇", "和尚铺村", 5, "补助安置"));
        BatchView batch = create("officer", waiting);
        assertThat(batch.needsHead()).isTrue();

        decide("deputy-head", batch.id(), APPROVE, List.of(), "同意,报县长审批", null);
        assertStatus(() -> decide("deputy-head", batch.id(), APPROVE, List.of(), "同意", "泾政发〔2051〕6号"), HttpStatus.FORBIDDEN)
                .hasMessageContaining("两级");

        assertThat(process(batch.id())).isWaitingAtExactly(TASK_HEAD_DECISION).task().isNotAssigned();
        assertThat(view(batch.id()).decisions()).extracting(BatchView.Decision::decidedBy).containsExactly("deputy-head");
        assertThat(decide("head", batch.id(), APPROVE, List.of(), "同意", "泾政发〔2051〕6号").status()).isEqualTo("APPROVED");
    }

    // ---- conflicts ----

    @Test
    void aCaseOfferedToASecondBatchIsRefusedByName() {
        List<HouseholdRef> waiting = fixture.waitingForBatch(households(3, "泾河源镇", "冶家村", 2, "补助安置"));
        HouseholdRef a = waiting.get(0);
        HouseholdRef b = waiting.get(1);
        HouseholdRef c = waiting.get(2);
        BatchView first = create("officer", List.of(a, b));

        assertStatus(() -> create("officer", List.of(b, c)), HttpStatus.CONFLICT)
                .hasMessageContaining(b.caseNo()).hasMessageNotContaining(c.caseNo())
                .satisfies(e -> assertThat(((ApiException) e).errors()).extracting(FieldError::value).containsExactly(b.caseNo()));

        assertThat(candidates()).contains(c.caseNo()).doesNotContain(a.caseNo(), b.caseNo());
        assertThat(process(first.id())).isWaitingAtExactly(TASK_DEPUTY_DECISION);
        assertThat(create("officer", List.of(c)).households()).isEqualTo(1);
    }

    @Test
    void theCountyHeadCannotDecideWhileItIsTheDeputysTurn() {
        List<HouseholdRef> waiting = fixture.waitingForBatch(households(1, "黄花乡", "胜利村", 3, "补助安置"));
        BatchView batch = create("officer", waiting);

        assertStatus(() -> decide("head", batch.id(), REJECT, List.of(), "不同意", null), HttpStatus.FORBIDDEN);

        BatchView unchanged = view(batch.id());
        assertThat(unchanged.status()).isEqualTo("PENDING_DEPUTY");
        assertThat(unchanged.decisions()).isEmpty();
        assertThat(process(batch.id())).isWaitingAtExactly(TASK_DEPUTY_DECISION).task().isNotAssigned();
    }

    @Test
    void aCaseThatCannotAdvanceHoldsBackNoneOfTheOthersAndIsRetriedOnItsOwn() {
        // given three cases approved in one batch, one of which cannot advance: its process names no household any more
        List<HouseholdRef> waiting = fixture.waitingForBatch(households(3, "香水镇", "下寺村", 3, "补助安置"));
        BatchView batch = create("officer", waiting);
        decide("deputy", batch.id(), APPROVE, List.of(), "同意", "泾政发〔2051〕9号");
        HouseholdRef broken = waiting.get(1);
        setBusinessKey(broken.processInstanceId(), "640424-1999-0000");
        org.camunda.bpm.engine.ManagementService m = engine.getManagementService();
        java.util.Set<String> jobsBefore = new java.util.HashSet<>();
        m.createJobQuery().list().forEach(j -> jobsBefore.add(j.getId()));
        java.util.Set<String> batchesBefore = new java.util.HashSet<>();
        m.createBatchQuery().list().forEach(b -> batchesBefore.add(b.getId()));

        // when the decision is applied: one job advances the three cases
        m.executeJob(m.createJobQuery().processInstanceId(process(batch.id()).getId()).activityId(TASK_APPLY_DECISION).singleResult().getId());
        List<org.camunda.bpm.engine.runtime.Job> advance = m.createJobQuery().messages().list().stream()
                .filter(j -> !jobsBefore.contains(j.getId()) && j.getJobDefinitionId() == null).toList();
        assertThat(advance).hasSize(1);
        m.executeJob(advance.get(0).getId());

        // then the two others are at the agreement; the broken one waits, handed alone to an engine batch that retries it
        assertThat(stages(List.of(waiting.get(0), waiting.get(2)))).containsOnly(Stage.AGREEMENT);
        assertThat(fixture.reload(broken).stage()).isEqualTo(Stage.AWAITING_BATCH_APPROVAL);
        List<org.camunda.bpm.engine.batch.Batch> retries = m.createBatchQuery().list().stream()
                .filter(b -> !batchesBefore.contains(b.getId())).toList();
        assertThat(retries).singleElement().satisfies(b -> assertThat(b.getTotalJobs()).isEqualTo(1));

        // and once the case is whole again, the retry advances it too
        setBusinessKey(broken.processInstanceId(), broken.caseNo());
        BatchJobs.runAdvanceJobs(engine, java.util.Set.of(), batchesBefore);
        assertThat(fixture.reload(broken).stage()).isEqualTo(Stage.AGREEMENT);
        assertThat(m.createBatchQuery().list().stream().filter(b -> !batchesBefore.contains(b.getId()))).isEmpty();
    }

    // ---- helpers ----

    private void setBusinessKey(String processInstanceId, String key) {
        ((org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getCommandExecutorTxRequired()
                .execute(c -> {
                    c.getExecutionManager().findExecutionById(processInstanceId).setProcessBusinessKey(key);
                    return null;
                });
    }

    private static Ledger households(int count, String township, String village, int size, String mode) {
        return CaseFixture.add(Ledger.create(), count, YEAR, township, village, size, mode);
    }

    private BatchView create(String author, List<HouseholdRef> waiting) {
        return Actors.as(accounts, author, () -> batches.create(new BatchRequest(YEAR, YEAR + "年第" + TITLES.incrementAndGet() + "批",
                CaseFixture.caseNos(waiting)), Actors.user(accounts, author)));
    }

    private BatchView decide(String leader, long batchId, String decision, List<String> excluded, String comment, String documentNo) {
        return Actors.as(accounts, leader, () -> batches.decide(batchId, new DecisionRequest(decision, excluded, null, comment, documentNo),
                Actors.user(accounts, leader)));
    }

    private BatchView view(long batchId) {
        return Actors.as(accounts, "officer", () -> batches.view(batchId, Actors.user(accounts, "officer")));
    }

    private List<String> candidates() {
        return Actors.as(accounts, "officer", () -> batches.candidates(YEAR, Actors.user(accounts, "officer"))).stream()
                .map(BatchView.BatchCase::caseNo).toList();
    }

    private CaseView caseView(HouseholdRef h) {
        return Actors.as(accounts, "officer", () -> cases.view(h.caseNo(), Actors.user(accounts, "officer")));
    }

    private static List<CaseView.HistoryEntry> batchDecisions(CaseView c) {
        return c.history().stream().filter(e -> e.type().equals("BATCH_DECISION")).toList();
    }

    private List<Stage> stages(List<HouseholdRef> refs) {
        List<Stage> out = new ArrayList<>();
        refs.forEach(h -> out.add(fixture.reload(h).stage()));
        return out;
    }

    /** The batch's running approval process (camunda-bpm-assert follows it into the history once it ends). */
    private ProcessInstance process(long batchId) {
        ProcessInstance pi = runtime.createProcessInstanceQuery().processInstanceBusinessKey(businessKey(batchId)).singleResult();
        if (pi == null) {
            throw new AssertionError("batch " + batchId + " has no running approval process");
        }
        return pi;
    }

    /**
     * The call fails with the status /api answers it with: the {@link ApiException}, thrown by the service or, from a
     * listener inside the engine, wrapped by it (the web layer unwraps it the same way).
     */
    private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertStatus(ThrowingCallable call, HttpStatus status) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
        ApiException api = null;
        for (Throwable c = thrown; c != null && api == null; c = c.getCause()) {
            if (c instanceof ApiException a) {
                api = a;
            }
        }
        assertThat(api).as("an ApiException behind %s", thrown).isNotNull();
        assertThat(api.status()).as(api.getMessage()).isEqualTo(status);
        return assertThat((Throwable) api);
    }
}
