package cn.jingyuan.relocation.annualplan;

import static cn.jingyuan.relocation.annualplan.process.AnnualPlanProcess.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.AbstractAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;

import cn.jingyuan.relocation.approval.Actors;
import cn.jingyuan.relocation.approval.CaseFixture;
import cn.jingyuan.relocation.approval.ProcessTest;
import cn.jingyuan.relocation.household.HouseholdRef;
import cn.jingyuan.relocation.relocationcase.process.RelocationCaseProcess;
import cn.jingyuan.relocation.security.AccountDirectory;
import cn.jingyuan.relocation.security.Groups;
import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.support.Ledger;
import cn.jingyuan.relocation.worklist.WorklistService;

/**
 * {@code bpmn/annual-plan.bpmn} on every path: the officer drafts a year's plan and the deputy county head approves
 * it, or returns it with a reason for the officer to revise; on 1 December the officer is reminded to prepare the
 * rollover; the deputy rejects a proposed rollover, which is then proposed again and confirmed. Tasks are done the
 * way /api does them ({@link WorklistService}), each test in plan years of its own.
 */
@ProcessTest
class AnnualPlanProcessTests {

    @Autowired
    ApplicationContext context;
    @Autowired
    ProcessEngine engine;
    @Autowired
    PlanService plans;
    @Autowired
    RolloverService rollovers;
    @Autowired
    WorklistService worklist;
    @Autowired
    AccountDirectory accounts;
    @Autowired
    IdentityService identity;
    @Autowired
    RuntimeService runtime;
    @Autowired
    TaskService tasks;
    @Autowired
    ManagementService management;

    @BeforeEach
    void setUp() {
        AbstractAssertions.init(engine);
        Actors.ensure(identity, "officer", "县自然资源局经办人", Groups.OFFICER);
        Actors.ensure(identity, "deputy", "分管副县长", Groups.DEPUTY, Groups.LEADERS);
    }

    @AfterEach
    void tearDown() {
        AbstractAssertions.reset();
    }

    @Test
    void theDeputyApprovesTheOfficersPlanAndTheYearIsInForce() {
        PlanView draft = draft(2053, List.of(new PlanRequest.TargetRequest("香水镇", 10, 40), new PlanRequest.TargetRequest("黄花乡", 5, 20)));
        ProcessInstance pi = process(2053);

        assertThat(draft.status()).isEqualTo("PENDING_APPROVAL");
        assertThat(draft.target()).isEqualTo(new Counter(15, 60));
        assertThat(pi).isWaitingAtExactly(TASK_APPROVE_PLAN).task().hasCandidateGroup(Groups.DEPUTY);
        assertThat(status(() -> draft(2053, List.of(new PlanRequest.TargetRequest("香水镇", 1, 1))))).isEqualTo(HttpStatus.CONFLICT);

        complete(2053, TASK_APPROVE_PLAN, "deputy", Map.of("decision", APPROVE, "comment", "同意"));

        PlanView approved = plan(2053);
        assertThat(approved.status()).isEqualTo("APPROVED");
        assertThat(approved.approvedBy()).isEqualTo("deputy");
        assertThat(pi).hasPassed(TASK_APPROVE_PLAN, TASK_ACTIVATE_PLAN).hasNotPassed(TASK_REVISE_PLAN)
                .isWaitingAtExactly(RECEIVE_TASK_AWAIT_ROLLOVER, EVENT_ROLLOVER_REMINDER_DUE);
        assertThat(plans.isApproved(2053)).isTrue();
    }

    @Test
    void aPlanReturnedWithAReasonIsRevisedByTheOfficerAndApprovedNext() {
        draft(2054, List.of(new PlanRequest.TargetRequest("大湾乡", 30, 120)));
        ProcessInstance pi = process(2054);

        // returning needs a reason
        assertThat(status(() -> complete(2054, TASK_APPROVE_PLAN, "deputy", Map.of("decision", RETURN)))).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(pi).isWaitingAtExactly(TASK_APPROVE_PLAN);
        assertThat(plan(2054).status()).isEqualTo("PENDING_APPROVAL");

        complete(2054, TASK_APPROVE_PLAN, "deputy", Map.of("decision", RETURN, "comment", "杨岭村滑坡隐患点已治理,目标户数请核减"));

        assertThat(plan(2054).status()).isEqualTo("RETURNED");
        assertThat(pi).isWaitingAtExactly(TASK_REVISE_PLAN).task().hasCandidateGroup(Groups.OFFICER);

        Actors.run(accounts, "officer", () -> plans.updateTargets(2054,
                new PlanRequest(2054, List.of(new PlanRequest.TargetRequest("大湾乡", 25, 100)), "按分管副县长意见核减"), Actors.user(accounts, "officer")));
        complete(2054, TASK_REVISE_PLAN, "officer", Map.of("comment", "已核减5户20人"));

        assertThat(plan(2054).status()).isEqualTo("PENDING_APPROVAL");
        assertThat(pi).isWaitingAtExactly(TASK_APPROVE_PLAN).task().hasCandidateGroup(Groups.DEPUTY);

        complete(2054, TASK_APPROVE_PLAN, "deputy", Map.of("decision", APPROVE, "comment", "同意"));

        PlanView approved = plan(2054);
        assertThat(approved.status()).isEqualTo("APPROVED");
        assertThat(approved.target()).isEqualTo(new Counter(25, 100));
        assertThat(pi).hasPassed(TASK_REVISE_PLAN, TASK_ACTIVATE_PLAN).isWaitingAt(RECEIVE_TASK_AWAIT_ROLLOVER);
        // an approved plan's targets are fixed
        assertThat(status(() -> Actors.run(accounts, "officer", () -> plans.updateTargets(2054,
                new PlanRequest(2054, List.of(new PlanRequest.TargetRequest("大湾乡", 1, 1)), null), Actors.user(accounts, "officer")))))
                .isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    void onTheFirstOfDecemberTheOfficerIsRemindedToPrepareTheRollover() {
        approvedPlan(2056);
        ProcessInstance pi = process(2056);

        Job reminder = management.createJobQuery().processInstanceId(pi.getId()).activityId(EVENT_ROLLOVER_REMINDER_DUE).singleResult();
        assertThat(reminder.getDuedate()).isEqualTo(Date.from(LocalDate.of(2056, 12, 1).atStartOfDay(ZoneId.systemDefault()).toInstant()));
        assertThat(tasks.createTaskQuery().processInstanceId(pi.getId()).taskDefinitionKey(TASK_PREPARE_ROLLOVER).count()).isZero();

        management.executeJob(reminder.getId());

        assertThat(pi).isWaitingAtExactly(RECEIVE_TASK_AWAIT_ROLLOVER, TASK_PREPARE_ROLLOVER);
        assertThat(pi).task(TASK_PREPARE_ROLLOVER).hasCandidateGroup(Groups.OFFICER);
        assertThat(worklist.list("group", null, null, null, cn.jingyuan.relocation.shared.PageRequest.of(0, 500),
                Actors.user(accounts, "officer")).items()).anySatisfy(t -> {
                    assertThat(t.taskDefinitionKey()).isEqualTo(TASK_PREPARE_ROLLOVER);
                    assertThat(t.businessKey()).isEqualTo(businessKey(2056));
                });

        complete(2056, TASK_PREPARE_ROLLOVER, "officer", Map.of("comment", "已通知各乡镇核实年底未办结案件"));

        assertThat(pi).hasPassed(TASK_PREPARE_ROLLOVER, "EndEvent_ReminderHandled").isWaitingAtExactly(RECEIVE_TASK_AWAIT_ROLLOVER);
    }

    @Test
    void aRolloverRejectedByTheDeputyIsProposedAgainAndConfirmed() {
        approvedPlan(2058);
        approvedPlan(2059);
        ProcessInstance pi = process(2058);
        HouseholdRef open = CaseFixture.in(context).openAt(CaseFixture.add(Ledger.create(), 1, 2058, "兴盛乡", "红旗村", 3, "补助安置"),
                RelocationCaseProcess.TASK_VERIFY_HOUSEHOLD).get(0);

        RolloverView first = propose(2058);
        assertThat(first.status()).isEqualTo("PROPOSED");
        assertThat(first.households()).isEqualTo(1);
        assertThat(pi).isWaitingAt(TASK_CONFIRM_ROLLOVER).task(TASK_CONFIRM_ROLLOVER).hasCandidateGroup(Groups.DEPUTY);
        // one proposal at a time
        assertThat(status(() -> propose(2058))).isEqualTo(HttpStatus.CONFLICT);

        complete(2058, TASK_CONFIRM_ROLLOVER, "deputy", Map.of("decision", REJECT, "comment", "年底前再督办一次,暂不结转"));

        assertThat(pi).isWaitingAt(RECEIVE_TASK_AWAIT_ROLLOVER).isNotWaitingAt(TASK_CONFIRM_ROLLOVER, TASK_CARRY_OVER);
        assertThat(plan(2058).rollovers()).extracting(RolloverView::status).containsExactly("REJECTED");
        assertThat(CaseFixture.in(context).reload(open).planYear()).isEqualTo(2058);

        RolloverView second = propose(2058);
        assertThat(second.id()).isNotEqualTo(first.id());
        complete(2058, TASK_CONFIRM_ROLLOVER, "deputy", Map.of("decision", APPROVE, "comment", "同意结转"));
        assertThat(pi).isWaitingAt(TASK_CARRY_OVER);
        assertThat(plan(2058).rollovers()).extracting(RolloverView::status).containsExactly("REJECTED", "CONFIRMED");

        management.executeJob(management.createJobQuery().processInstanceId(pi.getId()).activityId(TASK_CARRY_OVER).singleResult().getId());

        assertThat(pi).isEnded().hasPassed(TASK_CARRY_OVER, "EndEvent_YearClosed");
        assertThat(plan(2058).status()).isEqualTo("CLOSED");
        assertThat(plan(2058).rollovers()).extracting(RolloverView::status).containsExactly("REJECTED", "DONE");
        HouseholdRef carried = CaseFixture.in(context).reload(open);
        assertThat(carried.planYear()).isEqualTo(2059);
        assertThat(carried.caseNo()).isEqualTo(open.caseNo());
        assertThat(carried.processInstanceId()).isEqualTo(open.processInstanceId());
    }

    // ---- helpers ----

    private PlanView draft(int year, List<PlanRequest.TargetRequest> targets) {
        return Actors.as(accounts, "officer", () -> plans.create(new PlanRequest(year, targets, year + "年度计划"), Actors.user(accounts, "officer")));
    }

    private void approvedPlan(int year) {
        draft(year, List.of(new PlanRequest.TargetRequest("兴盛乡", 10, 40)));
        complete(year, TASK_APPROVE_PLAN, "deputy", Map.of("decision", APPROVE, "comment", "同意"));
    }

    private PlanView plan(int year) {
        return plans.get(year, Actors.user(accounts, "officer"));
    }

    private RolloverView propose(int year) {
        return Actors.as(accounts, "officer", () -> rollovers.propose(year, null, Actors.user(accounts, "officer")));
    }

    /** Completes the plan's open task {@code taskKey} as {@code userId} would through /api/tasks. */
    private void complete(int year, String taskKey, String userId, Map<String, Object> body) {
        Task task = tasks.createTaskQuery().processInstanceBusinessKey(businessKey(year)).taskDefinitionKey(taskKey).singleResult();
        if (task == null) {
            throw new AssertionError("no open " + taskKey + " for " + year);
        }
        Actors.run(accounts, userId, () -> worklist.complete(task.getId(), body, Actors.user(accounts, userId)));
    }

    private ProcessInstance process(int year) {
        ProcessInstance pi = runtime.createProcessInstanceQuery().processInstanceBusinessKey(businessKey(year)).singleResult();
        if (pi == null) {
            throw new AssertionError("no running plan process for " + year);
        }
        return pi;
    }

    /** The status /api answers a failed call with (the engine wraps what its listeners throw). */
    private static HttpStatus status(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        for (Throwable c = thrown; c != null; c = c.getCause()) {
            if (c instanceof ApiException api) {
                return api.status();
            }
        }
        throw new AssertionError("expected an ApiException, got " + thrown, thrown);
    }
}
