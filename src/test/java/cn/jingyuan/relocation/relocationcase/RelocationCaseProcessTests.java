package cn.jingyuan.relocation.relocationcase;

import static cn.jingyuan.relocation.relocationcase.process.RelocationCaseProcess.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.jobQuery;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.processEngine;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.processInstanceQuery;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskQuery;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.batch.Batch;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

import cn.jingyuan.relocation.approval.BatchRequest;
import cn.jingyuan.relocation.calendar.Term;
import cn.jingyuan.relocation.calendar.WorkingDays;
import cn.jingyuan.relocation.approval.BatchService;
import cn.jingyuan.relocation.approval.BatchView;
import cn.jingyuan.relocation.approval.DecisionRequest;
import cn.jingyuan.relocation.approval.process.BatchApprovalProcess;
import cn.jingyuan.relocation.household.HouseholdDetail;
import cn.jingyuan.relocation.household.HouseholdRequest;
import cn.jingyuan.relocation.household.HouseholdService;
import cn.jingyuan.relocation.household.Stage;
import cn.jingyuan.relocation.security.AccountDirectory;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.shared.FieldError;
import cn.jingyuan.relocation.shared.TimeConfig;
import cn.jingyuan.relocation.support.EmbeddedApplicationTest;
import cn.jingyuan.relocation.support.People;
import cn.jingyuan.relocation.worklist.FormField;
import cn.jingyuan.relocation.worklist.StepRejectedException;
import cn.jingyuan.relocation.worklist.WorklistService;

/**
 * Every path of {@code bpmn/relocation-case.bpmn}, driven step by step on the application's engine the way the
 * product does it: each task completed through {@link WorklistService} by the demo account whose job it is, so the
 * task listener's rules, the household's stage and the case history are all exercised; timers and asynchronous
 * continuations are executed explicitly (the job executor is off in tests). Every case here is a household of
 * 兴盛乡 registered for plan year {@value #YEAR}, which nothing else uses.
 */
@EmbeddedApplicationTest
class RelocationCaseProcessTests {

    static final int YEAR = 2041;
    static final String TOWNSHIP = "兴盛乡";
    static final String VILLAGE = "试点一村";
    static final String TF = "xingsheng.tf1";
    static final String TF2 = "xingsheng.tf2";
    static final String LEAD = "xingsheng.lead";
    static final String OFFICER = "officer";
    static final String FINANCE = "finance";
    static final String DEPUTY = "deputy";
    static final String TF_GROUP = "tf-xingsheng";
    static final String LEAD_GROUP = "lead-xingsheng";

    @Autowired
    ProcessEngine engine;
    @Autowired
    ManagementService management;
    @Autowired
    HouseholdService households;
    @Autowired
    RelocationCaseService cases;
    @Autowired
    WorklistService worklist;
    @Autowired
    BatchService batches;
    @Autowired
    AccountDirectory accounts;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Clock clock;
    @Autowired
    WorkingDays workingDays;

    String today;

    @BeforeEach
    void init() {
        BpmnAwareTests.init(engine);
        today = LocalDate.now(clock).toString();
    }

    @AfterEach
    void reset() {
        SecurityContextHolder.clearContext();
        BpmnAwareTests.reset();
    }

    // ---- the straight path ----

    @Test
    void theStraightPathRunsFromIdentificationToTheArchive() {
        Case c = open(VILLAGE, 3);
        assertThat(c.pi()).isStarted().isWaitingAtExactly(TASK_VERIFY_HOUSEHOLD);
        assertThat(task(TASK_VERIFY_HOUSEHOLD, c.pi())).hasCandidateGroup(TF_GROUP).isNotAssigned();
        assertStage(c, Stage.IDENTIFIED);

        verify(c);
        assertThat(c.pi()).isWaitingAtExactly(TASK_RECORD_APPLICATION);
        assertStage(c, Stage.APPLICATION);

        apply(c);
        assertThat(c.pi()).isWaitingAtExactly(TASK_VILLAGE_MEETING);
        assertStage(c, Stage.PUBLIC_NOTICE);

        villageMeeting(c);
        assertThat(c.pi()).isWaitingAtExactly(GATEWAY_NOTICE_PERIOD);
        assertStage(c, Stage.PUBLIC_NOTICE);

        execute(job(c.pi()));
        assertThat(c.pi()).isWaitingAtExactly(TASK_TOWNSHIP_REVIEW);
        assertThat(task(TASK_TOWNSHIP_REVIEW, c.pi())).hasCandidateGroup(LEAD_GROUP);
        assertStage(c, Stage.TOWNSHIP_REVIEW);

        townshipReview(c, APPROVE, null);
        assertThat(c.pi()).isWaitingAtExactly(TASK_COUNTY_REVIEW).hasPassed(TASK_ASSESS_CASE);
        assertThat(task(TASK_COUNTY_REVIEW, c.pi())).hasCandidateGroup("officer");
        assertStage(c, Stage.COUNTY_REVIEW);
        // the DMN tables: 风险区管控 × 高 → eligible, priority 2; 3 people, mode not chosen yet → 200,000
        HouseholdDetail assessed = detail(c);
        assertThat(assessed.eligible()).isTrue();
        assertThat(assessed.priority()).isEqualTo(2);
        assertThat(assessed.subsidyAmount()).isEqualByComparingTo("200000");

        countyReview(c, APPROVE, null);
        assertThat(c.pi()).isWaitingAtExactly(RECEIVE_TASK_AWAIT_BATCH_DECISION);
        assertStage(c, Stage.AWAITING_BATCH_APPROVAL);

        long batchId = approveBatch(List.of(c), Map.of());
        assertThat(c.pi()).isWaitingAtExactly(TASK_SIGN_AGREEMENT);
        assertThat(task(TASK_SIGN_AGREEMENT, c.pi())).hasCandidateGroup(TF_GROUP);
        assertStage(c, Stage.AGREEMENT);

        signAgreement(c, "SUBSIDY");
        assertThat(c.pi()).isWaitingAt(TASK_PAY_AGREEMENT_TRANCHE);
        assertThat(task(TASK_PAY_AGREEMENT_TRANCHE, c.pi())).hasCandidateGroup("finance");
        assertStage(c, Stage.AGREEMENT);
        assertThat(detail(c).agreementDate()).hasToString(today);
        assertThat(detail(c).resettlementMode()).isEqualTo("SUBSIDY");
        assertThat(formDefault(c, TASK_PAY_AGREEMENT_TRANCHE, FINANCE, VAR_PAYMENT_AMOUNT)).isEqualTo(100000.0);

        pay(c, TASK_PAY_AGREEMENT_TRANCHE, 100000, "CZ2041-001");
        assertThat(c.pi()).isWaitingAtExactly(TASK_RESETTLEMENT_SUBSIDY);
        assertStage(c, Stage.RESETTLEMENT);

        complete(c, TASK_RESETTLEMENT_SUBSIDY, TF, Map.of("housingType", "PURCHASE", "proofRef", "购房合同2041-17"));
        assertThat(c.pi()).isWaitingAtExactly(TASK_MOVE_IN);
        assertStage(c, Stage.MOVE_IN);

        moveIn(c);
        assertThat(c.pi()).isWaitingAtExactly(TASK_DEMOLISH_OLD_HOUSE);
        assertStage(c, Stage.DEMOLITION);
        assertThat(detail(c).movedInDate()).hasToString(today);
        assertThat(jobQuery().processInstanceId(c.pi().getId()).activityId(BOUNDARY_DEMOLITION_OVERDUE).count()).isEqualTo(1);

        demolish(c);
        assertThat(c.pi()).isWaitingAtExactly(TASK_RECLAIM_HOMESTEAD);
        assertStage(c, Stage.RECLAMATION);
        assertThat(detail(c).demolishedDate()).hasToString(today);
        assertThat(jobQuery().processInstanceId(c.pi().getId()).count()).as("the demolition deadline is gone").isZero();

        reclaim(c);
        assertThat(c.pi()).isWaitingAtExactly(TASK_TOWNSHIP_INSPECTION);
        assertThat(task(TASK_TOWNSHIP_INSPECTION, c.pi())).hasCandidateGroup(LEAD_GROUP);
        assertStage(c, Stage.ACCEPTANCE);
        assertThat(detail(c).reclaimedDate()).hasToString(today);

        townshipInspection(c, APPROVE, null);
        assertThat(c.pi()).isWaitingAtExactly(TASK_COUNTY_INSPECTION);
        assertThat(task(TASK_COUNTY_INSPECTION, c.pi())).hasCandidateGroup("officer");
        assertStage(c, Stage.ACCEPTANCE);

        countyInspection(c, APPROVE, null);
        assertThat(c.pi()).isWaitingAt(TASK_PAY_ACCEPTANCE_TRANCHE);
        assertStage(c, Stage.PAYMENT);
        assertThat(detail(c).acceptedDate()).hasToString(today);
        assertThat(formDefault(c, TASK_PAY_ACCEPTANCE_TRANCHE, FINANCE, VAR_PAYMENT_AMOUNT)).isEqualTo(100000.0);

        pay(c, TASK_PAY_ACCEPTANCE_TRANCHE, 100000, "CZ2041-002");
        // 归档 runs after the payment in a job of its own (asyncBefore): until it runs the case waits, still at PAYMENT
        assertThat(c.pi()).isWaitingAtExactly(TASK_ARCHIVE_CASE);
        assertStage(c, Stage.PAYMENT);

        execute(job(c.pi()));
        assertThat(c.pi()).isEnded().hasPassed(TASK_ARCHIVE_CASE, END_EVENT_ARCHIVED);
        assertStage(c, Stage.ARCHIVED);
        assertThat(detail(c).archivedDate()).hasToString(today);

        CaseView view = view(c);
        assertThat(view.openTasks()).isEmpty();
        assertThat(view.history()).filteredOn(e -> e.type().equals("TASK_COMPLETED"))
                .extracting(CaseView.HistoryEntry::taskKey, CaseView.HistoryEntry::actor, CaseView.HistoryEntry::decision,
                        CaseView.HistoryEntry::stage)
                .containsExactly(
                        tuple(TASK_VERIFY_HOUSEHOLD, TF, APPROVE, "IDENTIFIED"),
                        tuple(TASK_RECORD_APPLICATION, TF, APPLY, "APPLICATION"),
                        tuple(TASK_VILLAGE_MEETING, TF, null, "PUBLIC_NOTICE"),
                        tuple(TASK_TOWNSHIP_REVIEW, LEAD, APPROVE, "TOWNSHIP_REVIEW"),
                        tuple(TASK_COUNTY_REVIEW, OFFICER, APPROVE, "COUNTY_REVIEW"),
                        tuple(TASK_SIGN_AGREEMENT, TF, null, "AGREEMENT"),
                        tuple(TASK_PAY_AGREEMENT_TRANCHE, FINANCE, null, "AGREEMENT"),
                        tuple(TASK_RESETTLEMENT_SUBSIDY, TF, null, "RESETTLEMENT"),
                        tuple(TASK_MOVE_IN, TF, null, "MOVE_IN"),
                        tuple(TASK_DEMOLISH_OLD_HOUSE, TF, null, "DEMOLITION"),
                        tuple(TASK_RECLAIM_HOMESTEAD, TF, "RECLAIMED", "RECLAMATION"),
                        tuple(TASK_TOWNSHIP_INSPECTION, LEAD, APPROVE, "ACCEPTANCE"),
                        tuple(TASK_COUNTY_INSPECTION, OFFICER, APPROVE, "ACCEPTANCE"),
                        tuple(TASK_PAY_ACCEPTANCE_TRANCHE, FINANCE, null, "PAYMENT"));
        assertThat(view.history()).extracting(CaseView.HistoryEntry::type)
                .startsWith("CASE_OPENED").contains("BATCH_DECISION").endsWith("ARCHIVED");
        CaseView.HistoryEntry batch = entry(view, "BATCH_DECISION");
        assertThat(batch.actor()).isEqualTo(DEPUTY);
        assertThat(batch.decision()).isEqualTo(APPROVE);
        assertThat(details(batch)).containsEntry("batchId", (int) batchId).containsEntry("documentNo", "泾政发〔2041〕1号");
        assertThat(view.history()).filteredOn(e -> TASK_VILLAGE_MEETING.equals(e.taskKey())).singleElement()
                .satisfies(e -> assertThat(details(e)).containsEntry("minutesRef", "村评〔2041〕3号"));
        assertThat(view.payments())
                .extracting(CaseView.Payment::trancheNo, CaseView.Payment::milestone, p -> p.amount().intValue(), CaseView.Payment::voucherNo,
                        CaseView.Payment::recordedBy)
                .containsExactly(tuple(1, "AGREEMENT", 100000, "CZ2041-001", FINANCE), tuple(2, "ACCEPTANCE", 100000, "CZ2041-002", FINANCE));
    }

    @ParameterizedTest
    @EnumSource(names = {"UNIFIED_BUILD", "SELF_BUILD", "RELATIVES"})
    void eachResettlementModeHasItsOwnStep(cn.jingyuan.relocation.household.ResettlementMode mode) {
        Case c = open(VILLAGE, 2);
        toAgreement(c);
        signAgreement(c, mode.name());
        pay(c, TASK_PAY_AGREEMENT_TRANCHE, ((Number) formDefault(c, TASK_PAY_AGREEMENT_TRANCHE, FINANCE, VAR_PAYMENT_AMOUNT)).doubleValue(),
                "CZ2041-" + mode);

        String step = switch (mode) {
            case UNIFIED_BUILD -> TASK_RESETTLEMENT_UNIFIED;
            case SELF_BUILD -> TASK_RESETTLEMENT_SELF_BUILD;
            case RELATIVES -> TASK_RESETTLEMENT_RELATIVES;
            default -> throw new IllegalArgumentException();
        };
        assertThat(c.pi()).isWaitingAtExactly(step);
        assertThat(task(step, c.pi())).hasCandidateGroup(TF_GROUP);
        assertStage(c, Stage.RESETTLEMENT);
        assertThat(detail(c).resettlementMode()).isEqualTo(mode.name());
        // the task force's confirmed amount, not the proposal made before the mode was known
        assertThat(detail(c).subsidyAmount()).isEqualByComparingTo(String.valueOf(subsidyFor(mode.name(), null)));
        assertThat(view(c).payments()).extracting(p -> p.amount().intValue()).containsExactly(((Number) subsidyFor(mode.name(), null)).intValue() / 2);

        complete(c, step, TF, switch (mode) {
            case UNIFIED_BUILD -> Map.of("unitNo", "安置点3号楼2单元501", "unitAllocated", true, "constructionFinished", true);
            case SELF_BUILD -> Map.of("siteApprovalRef", "泾自然资宅批〔2041〕9号", "constructionFinished", true);
            default -> Map.of("relativeName", "马福成", "relativesHousingConfirmed", true);
        });
        assertThat(c.pi()).isWaitingAtExactly(TASK_MOVE_IN);
        assertStage(c, Stage.MOVE_IN);
    }

    // ---- returns ----

    @Test
    void theTownshipReviewerReturnsTheCaseToTheTaskForce() {
        Case c = open(VILLAGE, 2);
        toTownshipReview(c);

        townshipReview(c, RETURN, "家庭成员与户籍不一致,请重新核实");

        assertThat(c.pi()).isWaitingAtExactly(TASK_VERIFY_HOUSEHOLD);
        assertThat(task(TASK_VERIFY_HOUSEHOLD, c.pi())).hasCandidateGroup(TF_GROUP).isNotAssigned();
        assertStage(c, Stage.IDENTIFIED);
        assertLastStep(c, TASK_TOWNSHIP_REVIEW, LEAD, RETURN, "家庭成员与户籍不一致,请重新核实");
        // the task force's form does not carry the reviewer's decision over
        assertThat(formDefault(c, TASK_VERIFY_HOUSEHOLD, TF, "decision")).isEqualTo(APPROVE);
        assertThat(formDefault(c, TASK_VERIFY_HOUSEHOLD, TF, "comment")).isNull();

        // and the case goes round again: verified, applied, noticed, back at the reviewer
        verify(c);
        apply(c);
        villageMeeting(c);
        execute(job(c.pi()));
        assertThat(c.pi()).isWaitingAtExactly(TASK_TOWNSHIP_REVIEW);
        assertStage(c, Stage.TOWNSHIP_REVIEW);
    }

    @Test
    void theCountyOfficerReturnsTheCaseToTheTownship() {
        Case c = open(VILLAGE, 2);
        toCountyReview(c);

        countyReview(c, RETURN, "入户核查记录缺签字");

        assertThat(c.pi()).isWaitingAtExactly(TASK_TOWNSHIP_REVIEW);
        assertThat(task(TASK_TOWNSHIP_REVIEW, c.pi())).hasCandidateGroup(LEAD_GROUP);
        assertStage(c, Stage.TOWNSHIP_REVIEW);
        assertLastStep(c, TASK_COUNTY_REVIEW, OFFICER, RETURN, "入户核查记录缺签字");

        townshipReview(c, APPROVE, "已补签");
        assertThat(c.pi()).isWaitingAtExactly(TASK_COUNTY_REVIEW);
        assertStage(c, Stage.COUNTY_REVIEW);
    }

    @Test
    void theTownshipInspectionReturnsTheCaseToReclamation() {
        Case c = open(VILLAGE, 2);
        toAcceptance(c);

        townshipInspection(c, RETURN, "复垦面积不足,需补种");

        assertThat(c.pi()).isWaitingAtExactly(TASK_RECLAIM_HOMESTEAD);
        assertThat(task(TASK_RECLAIM_HOMESTEAD, c.pi())).hasCandidateGroup(TF_GROUP);
        assertStage(c, Stage.RECLAMATION);
        assertLastStep(c, TASK_TOWNSHIP_INSPECTION, LEAD, RETURN, "复垦面积不足,需补种");
        assertThat(detail(c).acceptedDate()).isNull();

        reclaim(c);
        assertThat(c.pi()).isWaitingAtExactly(TASK_TOWNSHIP_INSPECTION);
        assertStage(c, Stage.ACCEPTANCE);
    }

    @Test
    void theCountyInspectionReturnsTheCaseToTheTownshipInspection() {
        Case c = open(VILLAGE, 2);
        toAcceptance(c);
        townshipInspection(c, APPROVE, null);

        countyInspection(c, RETURN, "警示牌未设置");

        assertThat(c.pi()).isWaitingAtExactly(TASK_TOWNSHIP_INSPECTION);
        assertThat(task(TASK_TOWNSHIP_INSPECTION, c.pi())).hasCandidateGroup(LEAD_GROUP);
        assertStage(c, Stage.ACCEPTANCE);
        assertLastStep(c, TASK_COUNTY_INSPECTION, OFFICER, RETURN, "警示牌未设置");
        assertThat(detail(c).acceptedDate()).as("not accepted when returned").isNull();
        assertThat(view(c).payments()).hasSize(1);

        townshipInspection(c, APPROVE, "已设置警示牌");
        countyInspection(c, APPROVE, null);
        assertThat(c.pi()).isWaitingAt(TASK_PAY_ACCEPTANCE_TRANCHE);
        assertStage(c, Stage.PAYMENT);
    }

    // ---- rejections ----

    @Test
    void theTaskForceFindsTheHouseholdNotEligible() {
        Case c = open(VILLAGE, 2);

        complete(c, TASK_VERIFY_HOUSEHOLD, TF, Map.of("decision", REJECT, "membersConfirmed", true, "category", "RISK_ZONE",
                "riskLevel", "LOW", "comment", "房屋不在风险区内"));

        assertRejected(c, TASK_VERIFY_HOUSEHOLD, TF, "房屋不在风险区内");
        assertThat(detail(c).riskLevel()).as("the verified classification is kept").isEqualTo("LOW");
    }

    @Test
    void theTownshipReviewerRejectsTheCase() {
        Case c = open(VILLAGE, 2);
        toTownshipReview(c);

        townshipReview(c, REJECT, "已于2040年自行搬离");

        assertRejected(c, TASK_TOWNSHIP_REVIEW, LEAD, "已于2040年自行搬离");
    }

    @Test
    void theCountyOfficerRejectsTheCase() {
        Case c = open(VILLAGE, 2);
        toCountyReview(c);

        countyReview(c, REJECT, "重复享受搬迁补助");

        assertRejected(c, TASK_COUNTY_REVIEW, OFFICER, "重复享受搬迁补助");
    }

    // ---- decline and reopen ----

    @Test
    void aHouseholdThatDeclinesIsClosedUntilTheOfficerReopensTheCase() {
        Case c = open(VILLAGE, 3);
        verify(c);

        complete(c, TASK_RECORD_APPLICATION, TF, Map.of("willing", REFUSE, "applicationDate", today, "statementRef", "自负其责申明2041-05",
                "comment", "老人不愿离开"));

        assertThat(c.pi()).isWaitingAtExactly(EVENT_AWAIT_REOPEN);
        assertStage(c, Stage.DECLINED);
        assertThat(taskQuery().processInstanceId(c.pi().getId()).count()).isZero();
        assertLastStep(c, TASK_RECORD_APPLICATION, TF, REFUSE, "老人不愿离开");
        // a declined household's people are free to be registered in another household
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM member WHERE household_id = ? AND active_id_hash IS NOT NULL", Long.class,
                c.householdId())).isZero();

        as(OFFICER, () -> cases.reopen(c.caseNo(), "户主本人重新提出申请", user(OFFICER)));

        assertThat(c.pi()).isWaitingAtExactly(TASK_RECORD_APPLICATION);
        assertThat(task(TASK_RECORD_APPLICATION, c.pi())).hasCandidateGroup(TF_GROUP);
        assertStage(c, Stage.APPLICATION);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM member WHERE household_id = ? AND active_id_hash IS NOT NULL", Long.class,
                c.householdId())).isEqualTo(3);
        CaseView.HistoryEntry reopened = entry(view(c), "REOPENED");
        assertThat(reopened.actor()).isEqualTo(OFFICER);
        assertThat(reopened.comment()).isEqualTo("户主本人重新提出申请");
        // the refusal's answer is not offered again
        assertThat(formDefault(c, TASK_RECORD_APPLICATION, TF, VAR_WILLING)).isEqualTo(APPLY);

        apply(c);
        assertThat(c.pi()).isWaitingAtExactly(TASK_VILLAGE_MEETING);
        assertStage(c, Stage.PUBLIC_NOTICE);
    }

    @Test
    void onlyADeclinedCaseCanBeReopened() {
        Case c = open(VILLAGE, 1);

        assertThatThrownBy(() -> as(OFFICER, () -> cases.reopen(c.caseNo(), "误操作", user(OFFICER))))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().value()).isEqualTo(409));
        assertThat(c.pi()).isWaitingAtExactly(TASK_VERIFY_HOUSEHOLD);
        assertThat(view(c).history()).extracting(CaseView.HistoryEntry::type).doesNotContain("REOPENED");
    }

    // ---- public notice: timer and objections ----

    @Test
    void theNoticePeriodEndsWhenItsTimerFires() {
        Case c = open(VILLAGE, 2);
        toNotice(c);

        Job timer = job(c.pi());
        assertThat(timer.getDuedate()).as("7 working days (relocation.case.notice-period)").isCloseTo(workingDaysFromNow(7), 60_000);

        execute(timer);

        assertThat(c.pi()).hasPassed(EVENT_NOTICE_PERIOD_OVER).isWaitingAtExactly(TASK_TOWNSHIP_REVIEW);
        assertStage(c, Stage.TOWNSHIP_REVIEW);
        assertThat(jobQuery().processInstanceId(c.pi().getId()).count()).isZero();
    }

    @Test
    void anUpheldObjectionRejectsTheCase() {
        Case c = open(VILLAGE, 2);
        toNotice(c);

        as(TF, () -> cases.raiseObjection(c.caseNo(), "该户已在县城购房", "村民马某", user(TF)));

        assertThat(c.pi()).hasPassed(EVENT_OBJECTION_RAISED).isWaitingAtExactly(TASK_CHECK_OBJECTION);
        assertThat(task(TASK_CHECK_OBJECTION, c.pi())).hasCandidateGroup(LEAD_GROUP);
        assertThat(jobQuery().processInstanceId(c.pi().getId()).count()).as("the notice is suspended").isZero();
        assertStage(c, Stage.PUBLIC_NOTICE);
        CaseView.HistoryEntry objection = entry(view(c), "OBJECTION_RAISED");
        assertThat(objection.comment()).isEqualTo("该户已在县城购房");
        assertThat(details(objection)).containsEntry("raisedBy", "村民马某");

        complete(c, TASK_CHECK_OBJECTION, LEAD, Map.of("decision", UPHOLD, "finding", "经核实,该户2040年已在县城购房"));

        assertThat(c.pi()).isEnded().hasPassed(END_EVENT_REJECTED);
        assertStage(c, Stage.REJECTED);
        assertLastStep(c, TASK_CHECK_OBJECTION, LEAD, UPHOLD, null);
    }

    @Test
    void aDismissedObjectionStartsTheNoticeAgain() {
        Case c = open(VILLAGE, 2);
        toNotice(c);
        Job first = job(c.pi());

        as(TF, () -> cases.raiseObjection(c.caseNo(), "怀疑户口不实", null, user(TF)));
        complete(c, TASK_CHECK_OBJECTION, LEAD, Map.of("decision", DISMISS, "finding", "经派出所核实,户口属实"));

        assertThat(c.pi()).isWaitingAtExactly(GATEWAY_NOTICE_PERIOD);
        assertStage(c, Stage.PUBLIC_NOTICE);
        assertLastStep(c, TASK_CHECK_OBJECTION, LEAD, DISMISS, null);
        Job again = job(c.pi());
        assertThat(again.getId()).as("a new timer").isNotEqualTo(first.getId());
        assertThat(again.getDuedate()).as("a full notice period from now").isCloseTo(workingDaysFromNow(7), 60_000);

        execute(again);
        assertThat(c.pi()).isWaitingAtExactly(TASK_TOWNSHIP_REVIEW);
        assertStage(c, Stage.TOWNSHIP_REVIEW);
    }

    @Test
    void anObjectionOutsideTheNoticePeriodIsAConflict() {
        Case c = open(VILLAGE, 2);

        assertThatThrownBy(() -> as(TF, () -> cases.raiseObjection(c.caseNo(), "异议", null, user(TF))))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().value()).isEqualTo(409));
        assertThat(c.pi()).isWaitingAtExactly(TASK_VERIFY_HOUSEHOLD);
        assertThat(view(c).history()).extracting(CaseView.HistoryEntry::type).doesNotContain("OBJECTION_RAISED");
    }

    // ---- working days: the 2025 National Day and Mid-Autumn holiday (1-8 October off, 28 September and 11 October worked) ----

    @Test
    void dueDatesAndTheNoticeTimerCountWorkingDaysAcrossNationalDay2025() {
        try {
            ClockUtil.setCurrentTime(beijing(2025, 9, 29, 10, 0));
            Case c = open(VILLAGE, 2);
            assertThat(task(TASK_VERIFY_HOUSEHOLD, c.pi()).getDueDate())
                    .as("15 working days from Monday 29 September: the 8 days off count not, Saturday 11 October does")
                    .isCloseTo(beijing(2025, 10, 27, 10, 0), 1000);
            toNotice(c);
            Job notice = job(c.pi());
            assertThat(notice.getDuedate()).as("a notice posted on 29 September ends after the holiday, not on 6 October")
                    .isCloseTo(beijing(2025, 10, 15, 10, 0), 1000);

            ClockUtil.setCurrentTime(beijing(2025, 9, 30, 16, 0));
            execute(notice);
            assertThat(task(TASK_TOWNSHIP_REVIEW, c.pi()).getDueDate()).as("7 working days from 30 September")
                    .isCloseTo(beijing(2025, 10, 16, 16, 0), 1000);
        } finally {
            ClockUtil.reset();
        }
    }

    // ---- demolition deadline ----

    @Test
    void anOverdueDemolitionRemindsTheTownshipReviewerWithoutStoppingTheDemolition() {
        Case c = open(VILLAGE, 2);
        toDemolition(c);
        Job deadline = job(c.pi());
        assertThat(deadline.getDuedate()).isCloseTo(java.util.Date.from(Instant.now().plus(Duration.ofDays(90))), 60_000);

        execute(deadline);

        assertThat(c.pi()).isWaitingAt(TASK_DEMOLISH_OLD_HOUSE, TASK_DEMOLITION_REMINDER).hasPassed(TASK_MARK_DEMOLITION_OVERDUE);
        assertThat(task(TASK_DEMOLITION_REMINDER, c.pi())).hasCandidateGroup(LEAD_GROUP);
        assertThat(task(TASK_DEMOLISH_OLD_HOUSE, c.pi())).hasCandidateGroup(TF_GROUP);
        assertThat(households.findRef(c.householdId()).orElseThrow().demolitionOverdue()).isTrue();
        assertThat(view(c).demolitionOverdue()).isTrue();
        assertStage(c, Stage.DEMOLITION);
        assertThat(entry(view(c), "DEMOLITION_OVERDUE").comment()).contains("90天").doesNotContain("P90D");

        complete(c, TASK_DEMOLITION_REMINDER, LEAD, Map.of("followUp", "已约谈户主,承诺月底前拆除"));
        assertThat(c.pi()).isWaitingAtExactly(TASK_DEMOLISH_OLD_HOUSE);
        assertLastStep(c, TASK_DEMOLITION_REMINDER, LEAD, null, null);

        demolish(c);
        assertThat(c.pi()).isWaitingAtExactly(TASK_RECLAIM_HOMESTEAD);
        assertStage(c, Stage.RECLAMATION);
        assertThat(households.findRef(c.householdId()).orElseThrow().demolitionOverdue()).as("demolished: no longer overdue").isFalse();
    }

    @Test
    void aReminderStillOpenEndsWhenTheOldHouseIsDemolished() {
        Case c = open(VILLAGE, 2);
        toDemolition(c);
        execute(job(c.pi()));
        assertThat(c.pi()).isWaitingAt(TASK_DEMOLISH_OLD_HOUSE, TASK_DEMOLITION_REMINDER);

        demolish(c);

        assertThat(c.pi()).isWaitingAtExactly(TASK_RECLAIM_HOMESTEAD).hasPassed(BOUNDARY_DEMOLITION_DONE, END_EVENT_REMINDER_OBSOLETE);
        assertThat(view(c).openTasks()).extracting(CaseView.OpenTask::taskDefinitionKey).containsExactly(TASK_RECLAIM_HOMESTEAD);
    }

    @Test
    void aReminderLeftOpenDoesNotOutliveTheArchivedCase() {
        Case c = open(VILLAGE, 2);
        toDemolition(c);
        execute(job(c.pi()));

        demolish(c);
        reclaim(c);
        townshipInspection(c, APPROVE, null);
        countyInspection(c, APPROVE, null);
        pay(c, TASK_PAY_ACCEPTANCE_TRANCHE, ((Number) formDefault(c, TASK_PAY_ACCEPTANCE_TRANCHE, FINANCE, VAR_PAYMENT_AMOUNT)).doubleValue(),
                "CZ2041-R");
        execute(job(TASK_ARCHIVE_CASE, c.pi()));

        assertStage(c, Stage.ARCHIVED);
        assertThat(c.pi()).isEnded();
        assertThat(view(c).openTasks()).isEmpty();
    }

    // ---- withdrawal ----

    @ParameterizedTest
    @EnumSource(names = {"IDENTIFIED", "PUBLIC_NOTICE", "COUNTY_REVIEW", "AWAITING_BATCH_APPROVAL", "DEMOLITION", "DECLINED"})
    void theOfficerWithdrawsACase(Stage stage) {
        Case c = open(VILLAGE, 2);
        driveTo(c, stage);
        assertStage(c, stage);

        as(OFFICER, () -> cases.withdraw(c.caseNo(), "户主已去世,家庭成员并入他户", user(OFFICER)));

        assertThat(c.pi()).isEnded().hasPassed(START_EVENT_WITHDRAWN, END_EVENT_WITHDRAWN);
        assertStage(c, Stage.WITHDRAWN);
        assertThat(taskQuery().processInstanceId(c.pi().getId()).count()).isZero();
        assertThat(jobQuery().processInstanceId(c.pi().getId()).count()).isZero();
        CaseView.HistoryEntry withdrawn = entry(view(c), "WITHDRAWN");
        assertThat(withdrawn.actor()).isEqualTo(OFFICER);
        assertThat(withdrawn.comment()).isEqualTo("户主已去世,家庭成员并入他户");
        assertThat(withdrawn.stage()).isEqualTo(stage.name());
    }

    @Test
    void aClosedCaseCannotBeWithdrawn() {
        Case c = open(VILLAGE, 1);
        complete(c, TASK_VERIFY_HOUSEHOLD, TF, Map.of("decision", REJECT, "membersConfirmed", true, "category", "RISK_ZONE",
                "riskLevel", "LOW", "comment", "不在风险区"));

        assertThatThrownBy(() -> as(OFFICER, () -> cases.withdraw(c.caseNo(), "撤销", user(OFFICER))))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().value()).isEqualTo(409));
        assertStage(c, Stage.REJECTED);
    }

    // ---- the leaders' batch ----

    @Test
    void aCaseExcludedFromABatchGoesBackToCountyReviewWithTheLeadersOpinion() {
        Case in = open(VILLAGE, 2);
        Case out = open(VILLAGE, 4);
        toAwaitingBatch(in);
        toAwaitingBatch(out);

        approveBatch(List.of(in, out), Map.of(out, "补助测算有误,核实后下批再报"));

        assertThat(in.pi()).isWaitingAtExactly(TASK_SIGN_AGREEMENT);
        assertStage(in, Stage.AGREEMENT);
        assertThat(out.pi()).isWaitingAtExactly(TASK_COUNTY_REVIEW);
        assertThat(task(TASK_COUNTY_REVIEW, out.pi())).hasCandidateGroup("officer");
        assertStage(out, Stage.COUNTY_REVIEW);
        CaseView.HistoryEntry excluded = entry(view(out), "BATCH_DECISION");
        assertThat(excluded.actor()).isEqualTo(DEPUTY);
        assertThat(excluded.decision()).isEqualTo("EXCLUDE");
        assertThat(excluded.comment()).isEqualTo("补助测算有误,核实后下批再报");
        assertThat(details(excluded)).containsEntry("included", false);

        // reviewed again, the excluded case goes into the next batch and on to the agreement
        countyReview(out, APPROVE, "已核实补助金额");
        assertThat(out.pi()).isWaitingAtExactly(RECEIVE_TASK_AWAIT_BATCH_DECISION);
        assertStage(out, Stage.AWAITING_BATCH_APPROVAL);
        approveBatch(List.of(out), Map.of());
        assertThat(out.pi()).isWaitingAtExactly(TASK_SIGN_AGREEMENT);
        assertStage(out, Stage.AGREEMENT);
    }

    @Test
    void aRejectedBatchSendsItsCasesBackToCountyReview() {
        Case c = open(VILLAGE, 2);
        toAwaitingBatch(c);
        BatchView batch = as(OFFICER, () -> batches.create(new BatchRequest(YEAR, "2041年退回批次", List.of(c.caseNo())), user(OFFICER)));

        as(DEPUTY, () -> batches.decide(batch.id(), new DecisionRequest("REJECT", null, null, "资金未落实,暂缓", null), user(DEPUTY)));
        assertStage(c, Stage.AWAITING_BATCH_APPROVAL);
        runBatchJobs(batch.id());

        assertThat(c.pi()).isWaitingAtExactly(TASK_COUNTY_REVIEW);
        assertStage(c, Stage.COUNTY_REVIEW);
        CaseView.HistoryEntry e = entry(view(c), "BATCH_DECISION");
        assertThat(e.decision()).isEqualTo("REJECT");
        assertThat(e.comment()).isEqualTo("资金未落实,暂缓");
    }

    // ---- village cadre ----

    @Test
    void theVillagesCadreGetsTheTaskForceStepsOnceSet() {
        Case c = open("试点二村", 2);
        assertThat(task(TASK_VERIFY_HOUSEHOLD, c.pi())).isNotAssigned();

        long village = households.findRef(c.householdId()).orElseThrow().villageId();
        as(LEAD, () -> households.setCadre(village, TF2, user(LEAD)));
        complete(c, TASK_VERIFY_HOUSEHOLD, TF, verified());

        assertThat(task(TASK_RECORD_APPLICATION, c.pi())).isAssignedTo(TF2);
    }

    // ---- the step rules: refused, nothing completed ----

    @Test
    void returningWithoutAReasonIsRefused() {
        Case c = open(VILLAGE, 2);
        toTownshipReview(c);
        Task review = task(TASK_TOWNSHIP_REVIEW, c.pi());
        int entries = view(c).history().size();

        assertRefused(() -> townshipReview(c, RETURN, null), VAR_COMMENT);
        assertRefused(() -> townshipReview(c, REJECT, "  "), VAR_COMMENT);

        assertThat(c.pi()).isWaitingAtExactly(TASK_TOWNSHIP_REVIEW);
        assertThat(task(TASK_TOWNSHIP_REVIEW, c.pi()).getId()).isEqualTo(review.getId());
        assertStage(c, Stage.TOWNSHIP_REVIEW);
        assertThat(view(c).history()).hasSize(entries);
    }

    @Test
    void refusingWithoutASignedStatementIsRefused() {
        Case c = open(VILLAGE, 2);
        verify(c);
        int entries = view(c).history().size();

        assertRefused(() -> complete(c, TASK_RECORD_APPLICATION, TF, Map.of("willing", REFUSE, "applicationDate", today)), "statementRef");

        assertThat(c.pi()).isWaitingAtExactly(TASK_RECORD_APPLICATION);
        assertStage(c, Stage.APPLICATION);
        assertThat(view(c).history()).hasSize(entries);
    }

    @Test
    void payingMoreThanIsDueIsRefused() {
        Case c = open(VILLAGE, 2);
        toAgreement(c);
        signAgreement(c, "SUBSIDY");
        // 2 people: 120,000 confirmed, half of it due after the agreement, the rest only after acceptance
        assertThat(formDefault(c, TASK_PAY_AGREEMENT_TRANCHE, FINANCE, VAR_PAYMENT_AMOUNT)).isEqualTo(60000.0);

        assertRefused(() -> pay(c, TASK_PAY_AGREEMENT_TRANCHE, 120000.01, "CZ2041-999"), VAR_PAYMENT_AMOUNT);
        assertRefused(() -> pay(c, TASK_PAY_AGREEMENT_TRANCHE, 60000.01, "CZ2041-999"), VAR_PAYMENT_AMOUNT);
        assertRefused(() -> pay(c, TASK_PAY_AGREEMENT_TRANCHE, 0, "CZ2041-999"), VAR_PAYMENT_AMOUNT);

        assertThat(c.pi()).isWaitingAt(TASK_PAY_AGREEMENT_TRANCHE);
        assertThat(view(c).payments()).isEmpty();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM subsidy_payment WHERE household_id = ?", Long.class, c.householdId())).isZero();

        // less than the tranche may be paid; the next tranche then proposes all that is left
        pay(c, TASK_PAY_AGREEMENT_TRANCHE, 50000, "CZ2041-100");
        assertThat(view(c).payments()).extracting(p -> p.amount().intValue(), CaseView.Payment::voucherNo)
                .containsExactly(tuple(50000, "CZ2041-100"));
        assertStage(c, Stage.RESETTLEMENT);
        complete(c, TASK_RESETTLEMENT_SUBSIDY, TF, Map.of("housingType", "BUILD", "proofRef", "建房验收单"));
        moveIn(c);
        demolish(c);
        reclaim(c);
        townshipInspection(c, APPROVE, null);
        countyInspection(c, APPROVE, null);
        assertThat(formDefault(c, TASK_PAY_ACCEPTANCE_TRANCHE, FINANCE, VAR_PAYMENT_AMOUNT)).isEqualTo(70000.0);
        assertRefused(() -> pay(c, TASK_PAY_ACCEPTANCE_TRANCHE, 70000.01, "CZ2041-101"), VAR_PAYMENT_AMOUNT);
        pay(c, TASK_PAY_ACCEPTANCE_TRANCHE, 70000, "CZ2041-101");
        assertThat(view(c).payments()).extracting(p -> p.amount().intValue()).containsExactly(50000, 70000);
    }

    // ==== driving a case ====

    record Case(long householdId, String caseNo, ProcessInstance pi) {
    }

    /** Registers a household of {@code size} people (as the officer) and returns its freshly opened case. */
    private Case open(String village, int size) {
        List<HouseholdRequest.MemberRequest> members = new ArrayList<>();
        People.Person head = People.person(1966, true, "户主");
        members.add(new HouseholdRequest.MemberRequest(null, head.name(), head.idNumber(), head.relation()));
        for (int i = 1; i < size; i++) {
            People.Person p = i == 1 ? People.person(1969, false, "配偶") : People.person(1990 + i, i % 2 == 0, i % 2 == 0 ? "子" : "女");
            members.add(new HouseholdRequest.MemberRequest(null, p.name(), p.idNumber(), p.relation()));
        }
        HouseholdDetail h = as(OFFICER, () -> households.create(new HouseholdRequest(YEAR, TOWNSHIP, village, "3组", null, "RISK_ZONE", "HIGH",
                People.mobile(), size, null, null, members, null), user(OFFICER)));
        ProcessInstance pi = processInstanceQuery().processInstanceBusinessKey(h.caseNo()).singleResult();
        assertThat(pi).as("the case of %s is open", h.caseNo()).isNotNull();
        return new Case(h.id(), h.caseNo(), pi);
    }

    private void driveTo(Case c, Stage stage) {
        switch (stage) {
            case IDENTIFIED -> {
            }
            case PUBLIC_NOTICE -> toNotice(c);
            case COUNTY_REVIEW -> toCountyReview(c);
            case AWAITING_BATCH_APPROVAL -> toAwaitingBatch(c);
            case DEMOLITION -> toDemolition(c);
            case DECLINED -> {
                verify(c);
                complete(c, TASK_RECORD_APPLICATION, TF, Map.of("willing", REFUSE, "applicationDate", today, "statementRef", "申明2041-1"));
            }
            default -> throw new IllegalArgumentException(stage.name());
        }
    }

    private void toNotice(Case c) {
        verify(c);
        apply(c);
        villageMeeting(c);
        assertThat(c.pi()).isWaitingAtExactly(GATEWAY_NOTICE_PERIOD);
    }

    private void toTownshipReview(Case c) {
        toNotice(c);
        execute(job(c.pi()));
        assertThat(c.pi()).isWaitingAtExactly(TASK_TOWNSHIP_REVIEW);
    }

    private void toCountyReview(Case c) {
        toTownshipReview(c);
        townshipReview(c, APPROVE, null);
        assertThat(c.pi()).isWaitingAtExactly(TASK_COUNTY_REVIEW);
    }

    private void toAwaitingBatch(Case c) {
        toCountyReview(c);
        countyReview(c, APPROVE, null);
        assertThat(c.pi()).isWaitingAtExactly(RECEIVE_TASK_AWAIT_BATCH_DECISION);
    }

    private void toAgreement(Case c) {
        toAwaitingBatch(c);
        approveBatch(List.of(c), Map.of());
        assertThat(c.pi()).isWaitingAtExactly(TASK_SIGN_AGREEMENT);
    }

    private void toDemolition(Case c) {
        toAgreement(c);
        signAgreement(c, "SUBSIDY");
        pay(c, TASK_PAY_AGREEMENT_TRANCHE, ((Number) formDefault(c, TASK_PAY_AGREEMENT_TRANCHE, FINANCE, VAR_PAYMENT_AMOUNT)).doubleValue(),
                "CZ2041-" + c.caseNo());
        complete(c, TASK_RESETTLEMENT_SUBSIDY, TF, Map.of("housingType", "BUILD", "proofRef", "建房验收单"));
        moveIn(c);
        assertThat(c.pi()).isWaitingAtExactly(TASK_DEMOLISH_OLD_HOUSE);
    }

    private void toAcceptance(Case c) {
        toDemolition(c);
        demolish(c);
        reclaim(c);
        assertThat(c.pi()).isWaitingAtExactly(TASK_TOWNSHIP_INSPECTION);
    }

    private Map<String, Object> verified() {
        return Map.of("decision", APPROVE, "membersConfirmed", true, "category", "RISK_ZONE", "riskLevel", "HIGH");
    }

    private void verify(Case c) {
        complete(c, TASK_VERIFY_HOUSEHOLD, TF, verified());
    }

    private void apply(Case c) {
        complete(c, TASK_RECORD_APPLICATION, TF, Map.of("willing", APPLY, "applicationDate", today));
    }

    private void villageMeeting(Case c) {
        complete(c, TASK_VILLAGE_MEETING, TF, Map.of("meetingDate", today, "minutesRef", "村评〔2041〕3号", "noticeDate", today));
    }

    private void townshipReview(Case c, String decision, String comment) {
        complete(c, TASK_TOWNSHIP_REVIEW, LEAD, withComment(Map.of("decision", decision, "visitDate", today), comment));
    }

    private void countyReview(Case c, String decision, String comment) {
        complete(c, TASK_COUNTY_REVIEW, OFFICER, withComment(Map.of("decision", decision), comment));
    }

    private void signAgreement(Case c, String mode) {
        Object confirmed = formDefault(c, TASK_SIGN_AGREEMENT, TF, VAR_CONFIRMED_SUBSIDY);
        assertThat(confirmed).as("the assessed subsidy is proposed").isNotNull();
        complete(c, TASK_SIGN_AGREEMENT, TF, Map.of("agreementDate", today, "agreementRef", "协议" + c.caseNo(), "resettlementMode", mode,
                "confirmedSubsidy", subsidyFor(mode, confirmed), "demolitionCommitment", true));
    }

    /** The default tables' amount for a 2-person household in {@code mode} (the proposal assumes no mode yet). */
    private static Object subsidyFor(String mode, Object proposed) {
        return switch (mode) {
            case "UNIFIED_BUILD" -> 100000;
            case "SELF_BUILD" -> 80000;
            case "RELATIVES" -> 50000;
            default -> proposed;
        };
    }

    private void pay(Case c, String taskKey, double amount, String voucher) {
        complete(c, taskKey, FINANCE, Map.of("paymentDate", today, "paymentAmount", amount, "voucherNo", voucher));
    }

    private void moveIn(Case c) {
        complete(c, TASK_MOVE_IN, TF, Map.of("moveInDate", today, "newAddress", "泾源县城安置小区"));
    }

    private void demolish(Case c) {
        complete(c, TASK_DEMOLISH_OLD_HOUSE, TF, Map.of("demolitionDate", today, "photoRef", "IMG_2041_0001"));
    }

    private void reclaim(Case c) {
        complete(c, TASK_RECLAIM_HOMESTEAD, TF, Map.of("outcome", "RECLAIMED", "reclamationDate", today, "certificateReturned", true));
    }

    private void townshipInspection(Case c, String decision, String comment) {
        complete(c, TASK_TOWNSHIP_INSPECTION, LEAD, withComment(Map.of("decision", decision, "inspectionDate", today), comment));
    }

    private void countyInspection(Case c, String decision, String comment) {
        complete(c, TASK_COUNTY_INSPECTION, OFFICER, withComment(Map.of("decision", decision, "inspectionDate", today), comment));
    }

    private static Map<String, Object> withComment(Map<String, Object> fields, String comment) {
        Map<String, Object> out = new LinkedHashMap<>(fields);
        if (comment != null) {
            out.put(VAR_COMMENT, comment);
        }
        return out;
    }

    /** Completes the case's open task {@code taskKey} as {@code userId} does through /api. */
    private void complete(Case c, String taskKey, String userId, Map<String, Object> fields) {
        Task t = task(taskKey, c.pi());
        assertThat(t).as("open task %s of %s", taskKey, c.caseNo()).isNotNull();
        as(userId, () -> worklist.complete(t.getId(), new HashMap<>(fields), user(userId)));
    }

    /** What the task's form proposes for a field ({@code GET /api/tasks/{id}/form}). */
    private Object formDefault(Case c, String taskKey, String userId, String field) {
        Task t = task(taskKey, c.pi());
        FormField f = as(userId, () -> worklist.form(t.getId(), user(userId))).fields().stream().filter(x -> x.name().equals(field))
                .findFirst().orElseThrow(() -> new AssertionError("no field " + field));
        return f.defaultValue();
    }

    /**
     * Puts the cases into one batch (the officer), has the deputy county head approve it with these exclusions, and
     * runs what follows in the background: the batch process's asynchronous step, then the engine batch that
     * correlates each case. Returns the batch id.
     */
    private long approveBatch(List<Case> cs, Map<Case, String> excluded) {
        List<String> caseNos = new ArrayList<>(cs.stream().map(Case::caseNo).toList());
        BatchView batch = as(OFFICER, () -> batches.create(new BatchRequest(YEAR, YEAR + "年测试批次", caseNos), user(OFFICER)));
        List<DecisionRequest.Exclusion> exclusions = excluded.entrySet().stream()
                .map(e -> new DecisionRequest.Exclusion(e.getKey().caseNo(), e.getValue())).toList();
        BatchView decided = as(DEPUTY, () -> batches.decide(batch.id(), new DecisionRequest("APPROVE", null,
                exclusions.isEmpty() ? null : exclusions, "同意", "泾政发〔2041〕1号"), user(DEPUTY)));
        assertThat(decided.status()).isEqualTo("APPROVED");
        cs.forEach(c -> assertStage(c, Stage.AWAITING_BATCH_APPROVAL));
        runBatchJobs(batch.id());
        return batch.id();
    }

    /** The batch process's asynchronous step, then the case-advance jobs it created (and any engine batch a failed case went to). */
    private void runBatchJobs(long batchId) {
        ProcessInstance batchProcess = processInstanceQuery().processInstanceBusinessKey(BatchApprovalProcess.businessKey(batchId)).singleResult();
        java.util.Set<String> jobsBefore = new java.util.HashSet<>();
        management.createJobQuery().list().forEach(j -> jobsBefore.add(j.getId()));
        java.util.Set<String> batchesBefore = new java.util.HashSet<>();
        management.createBatchQuery().list().forEach(b -> batchesBefore.add(b.getId()));
        execute(job(BatchApprovalProcess.TASK_APPLY_DECISION, batchProcess));
        assertThat(batchProcess).isEnded();
        cn.jingyuan.relocation.approval.BatchJobs.runAdvanceJobs(processEngine(), jobsBefore, batchesBefore);
        assertThat(management.createBatchQuery().list()).as("engine batches still running").isEmpty();
    }

    // ==== looking at a case ====

    private void assertStage(Case c, Stage stage) {
        Map<String, Object> row = jdbc.queryForMap("SELECT stage, closed FROM household WHERE id = ?", c.householdId());
        assertThat(row.get("STAGE")).as("stage of %s", c.caseNo()).isEqualTo(stage.name());
        assertThat(row.get("CLOSED")).as("closed of %s", c.caseNo()).isEqualTo(stage.isClosed());
    }

    private void assertRejected(Case c, String taskKey, String actor, String reason) {
        assertThat(c.pi()).isEnded().hasPassed(END_EVENT_REJECTED);
        assertStage(c, Stage.REJECTED);
        assertLastStep(c, taskKey, actor, REJECT, reason);
        assertThat(view(c).openTasks()).isEmpty();
    }

    private void assertLastStep(Case c, String taskKey, String actor, String decision, String comment) {
        List<CaseView.HistoryEntry> steps = view(c).history().stream().filter(e -> e.type().equals("TASK_COMPLETED")).toList();
        assertThat(steps).isNotEmpty();
        CaseView.HistoryEntry last = steps.get(steps.size() - 1);
        assertThat(last.taskKey()).isEqualTo(taskKey);
        assertThat(last.actor()).isEqualTo(actor);
        assertThat(last.actorName()).isNotBlank();
        assertThat(last.at()).isNotNull();
        assertThat(last.decision()).isEqualTo(decision);
        assertThat(last.comment()).isEqualTo(comment);
    }

    private static void assertRefused(Runnable completion, String field) {
        assertThatThrownBy(completion::run).satisfies(e -> {
            StepRejectedException rejected = StepRejectedException.find(e);
            assertThat(rejected).as("a step rule refused it: %s", e).isNotNull();
            assertThat(rejected.errors()).extracting(FieldError::field).contains(field);
        });
    }

    private CaseView view(Case c) {
        return cases.view(c.caseNo(), user(OFFICER));
    }

    private static CaseView.HistoryEntry entry(CaseView view, String type) {
        List<CaseView.HistoryEntry> of = view.history().stream().filter(e -> e.type().equals(type)).toList();
        assertThat(of).as("history entries %s", type).isNotEmpty();
        return of.get(of.size() - 1);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> details(CaseView.HistoryEntry e) {
        return (Map<String, Object>) e.details();
    }

    private HouseholdDetail detail(Case c) {
        return households.get(c.householdId(), user(OFFICER), false);
    }

    // ==== who acts ====

    private CurrentUser user(String id) {
        return accounts.load(id).orElseThrow(() -> new AssertionError("no demo account " + id));
    }

    /** Runs {@code action} as the demo account {@code userId} is logged in for an /api request. */
    private <T> T as(String userId, Supplier<T> action) {
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user(userId), null, List.of()));
        try {
            return action.get();
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private void as(String userId, Runnable action) {
        as(userId, () -> {
            action.run();
            return null;
        });
    }

    private static java.util.Date beijing(int year, int month, int day, int hour, int minute) {
        return java.util.Date.from(java.time.LocalDateTime.of(year, month, day, hour, minute).atZone(TimeConfig.COUNTY_ZONE).toInstant());
    }

    private java.util.Date workingDaysFromNow(int days) {
        return workingDays.after(new java.util.Date(), Term.workingDays(days));
    }
}
