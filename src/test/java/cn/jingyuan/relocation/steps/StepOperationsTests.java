package cn.jingyuan.relocation.steps;

import static cn.jingyuan.relocation.relocationcase.process.RelocationCaseProcess.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

import cn.jingyuan.relocation.approval.CaseFixture;
import cn.jingyuan.relocation.household.HouseholdRef;
import cn.jingyuan.relocation.relocationcase.CaseView;
import cn.jingyuan.relocation.relocationcase.RelocationCaseService;
import cn.jingyuan.relocation.security.AccountDirectory;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.support.EmbeddedApplicationTest;
import cn.jingyuan.relocation.support.Ledger;
import cn.jingyuan.relocation.worklist.WorklistService;

/**
 * Returns on the application's engine across what makes them hard: a sequential multi-instance step (the tranche
 * payments, which once paid cannot be returned to), a step with a boundary timer (the demolition deadline) and the reminder its timer started; and the
 * daily self-urge of overdue steps. Cases of 兴盛乡, plan year {@value #YEAR}, opened at the agreement.
 */
@EmbeddedApplicationTest
class StepOperationsTests {

    static final int YEAR = 2048;
    static final String TF = "xingsheng.tf1";
    static final String TF2 = "xingsheng.tf2";
    static final String LEAD = "xingsheng.lead";
    static final String FINANCE = "finance";

    @Autowired
    ApplicationContext context;
    @Autowired
    StepOperations operations;
    @Autowired
    WorklistService worklist;
    @Autowired
    RelocationCaseService cases;
    @Autowired
    TaskService tasks;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
    @Autowired
    AccountDirectory accounts;
    @Autowired
    JdbcTemplate jdbc;

    final String today = LocalDate.now(cn.jingyuan.relocation.shared.TimeConfig.COUNTY_ZONE).toString();

    @AfterEach
    void logout() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void aReturnFromAMultiInstanceStepCancelsItsInstancesButAPaidStepIsNoTarget() {
        HouseholdRef h = openAtAgreement();
        sign(h);
        Task tranche = task(h, TASK_PAY_AGREEMENT_TRANCHE);
        assertThat(runtime.getActivityInstance(h.processInstanceId()).getActivityInstances(TASK_PAY_AGREEMENT_TRANCHE + "#multiInstanceBody"))
                .hasSize(1);
        assertThat(targets(tranche, FINANCE)).containsExactly(TASK_SIGN_AGREEMENT);

        as(FINANCE, () -> operations.returnTo(tranche.getId(), TASK_SIGN_AGREEMENT, "协议金额与测算不符", user(FINANCE)));

        assertThat(open(h)).extracting(Task::getTaskDefinitionKey).containsExactly(TASK_SIGN_AGREEMENT);
        assertThat(task(h, TASK_SIGN_AGREEMENT).getAssignee()).isEqualTo(TF);
        assertThat(runtime.getActivityInstance(h.processInstanceId()).getActivityInstances(TASK_PAY_AGREEMENT_TRANCHE + "#multiInstanceBody"))
                .as("the multi-instance body is gone, not left half-open").isEmpty();
        assertThat(stage(h)).isEqualTo("AGREEMENT");
        assertThat(workItemState(tranche.getId())).containsEntry("STATE", "CANCELLED").containsEntry("END_REASON", "RETURNED");
        assertThat(lastEvent(h, "RETURNED").comment()).isEqualTo("协议金额与测算不符");

        // once paid, neither the payment nor anything before it can be returned to: the money is out
        sign(h);
        pay(h);
        Task resettlement = task(h, TASK_RESETTLEMENT_SUBSIDY);
        assertThat(stage(h)).isEqualTo("RESETTLEMENT");
        assertThat(targets(resettlement, TF)).isEmpty();
        assertStatus(() -> as(TF, () -> operations.returnTo(resettlement.getId(), TASK_PAY_AGREEMENT_TRANCHE, "凭证号有误", user(TF))), 400);
        assertStatus(() -> as(TF, () -> operations.returnTo(resettlement.getId(), TASK_SIGN_AGREEMENT, "协议有误", user(TF))), 400);
        assertThat(open(h)).extracting(Task::getTaskDefinitionKey).containsExactly(TASK_RESETTLEMENT_SUBSIDY);
    }

    @Test
    void aReturnAcrossTheDemolitionTimerCancelsTheTimerAndTheReminderItStarted() {
        HouseholdRef h = openAtAgreement();
        sign(h);
        pay(h);
        complete(h, TASK_RESETTLEMENT_SUBSIDY, TF, Map.of("housingType", "BUILD", "proofRef", "建房验收单"));
        complete(h, TASK_MOVE_IN, TF2, Map.of("moveInDate", today, "newAddress", "安置小区"));
        Task demolish = task(h, TASK_DEMOLISH_OLD_HOUSE);
        Job deadline = management.createJobQuery().processInstanceId(h.processInstanceId()).timers().singleResult();
        assertThat(deadline).isNotNull();
        management.executeJob(deadline.getId());
        assertThat(open(h)).extracting(Task::getTaskDefinitionKey).containsExactlyInAnyOrder(TASK_DEMOLISH_OLD_HOUSE, TASK_DEMOLITION_REMINDER);
        Task reminder = task(h, TASK_DEMOLITION_REMINDER);
        assertThat(targets(reminder, LEAD)).as("a reminder is not on the case's path").isEmpty();

        as(TF, () -> operations.returnTo(demolish.getId(), TASK_MOVE_IN, "入住日期登记错误", user(TF)));

        assertThat(open(h)).extracting(Task::getTaskDefinitionKey).containsExactly(TASK_MOVE_IN);
        assertThat(task(h, TASK_MOVE_IN).getAssignee()).isEqualTo(TF2);
        assertThat(management.createJobQuery().processInstanceId(h.processInstanceId()).count()).as("no timer left behind").isZero();
        assertThat(stage(h)).isEqualTo("MOVE_IN");
        complete(h, TASK_MOVE_IN, TF2, Map.of("moveInDate", today, "newAddress", "安置小区"));
        assertThat(management.createJobQuery().processInstanceId(h.processInstanceId()).timers().count()).as("a fresh deadline").isEqualTo(1);
        assertThat(stage(h)).isEqualTo("DEMOLITION");
    }

    @Test
    void returnsAndRecallsAreRefusedWhereTheyDoNotApply() {
        HouseholdRef h = openAtAgreement();
        Task sign = task(h, TASK_SIGN_AGREEMENT);
        assertThat(targets(sign, TF)).as("nothing visited before the first step").isEmpty();
        assertStatus(() -> as(TF, () -> operations.returnTo(sign.getId(), TASK_VERIFY_HOUSEHOLD, "x", user(TF))), 400);
        assertStatus(() -> as("dawan.tf1", () -> operations.returnTo(sign.getId(), TASK_VERIFY_HOUSEHOLD, "x", user("dawan.tf1"))), 404);
        sign(h);
        complete(h, TASK_PAY_AGREEMENT_TRANCHE, FINANCE, payment(h));
        // finance completed the tranche; the next step is the task force's: finance may recall until someone takes it up
        assertStatus(() -> as(TF, () -> operations.recall(h.caseNo(), "x", user(TF))), 409);
        as(FINANCE, () -> operations.recall(h.caseNo(), "金额录错", user(FINANCE)));
        assertThat(open(h)).extracting(Task::getTaskDefinitionKey).containsExactly(TASK_PAY_AGREEMENT_TRANCHE);
        assertThat(task(h, TASK_PAY_AGREEMENT_TRANCHE).getAssignee()).isEqualTo(FINANCE);
        assertThat(stage(h)).isEqualTo("AGREEMENT");
    }

    @Test
    void overdueStepsUrgeThemselvesOnceADay() {
        HouseholdRef h = openAtAgreement();
        Task sign = task(h, TASK_SIGN_AGREEMENT);
        Date due = new Date(System.currentTimeMillis() - 3 * 86_400_000L);
        tasks.setDueDate(sign.getId(), due);
        Date morning = new Date();

        operations.urgeOverdue(morning);
        operations.urgeOverdue(new Date(morning.getTime() + 60_000));

        assertThat(jdbc.queryForObject("SELECT urge_count FROM work_item WHERE task_id = ?", Integer.class, sign.getId()))
                .as("once on the same day").isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM notification WHERE task_id = ? AND type = 'URGED' AND recipient_id = ?",
                Long.class, sign.getId(), TF)).isEqualTo(1);
        assertThat(lastEvent(h, "URGED").actor()).isEqualTo("system");

        operations.urgeOverdue(new Date(morning.getTime() + 86_400_000L));
        assertThat(jdbc.queryForObject("SELECT urge_count FROM work_item WHERE task_id = ?", Integer.class, sign.getId()))
                .as("again the next day").isEqualTo(2);
    }

    // ---- driving ----

    private HouseholdRef openAtAgreement() {
        Ledger ledger = CaseFixture.add(Ledger.create(), 1, YEAR, "兴盛乡", "试点五村", 2, "");
        HouseholdRef h = CaseFixture.in(context).openAt(ledger, TASK_SIGN_AGREEMENT).get(0);
        Task sign = task(h, TASK_SIGN_AGREEMENT);
        if (sign.getAssignee() == null) {
            tasks.setAssignee(sign.getId(), TF);
        }
        return h;
    }

    private void sign(HouseholdRef h) {
        complete(h, TASK_SIGN_AGREEMENT, TF, Map.of("agreementDate", today, "agreementRef", "协议" + h.caseNo(), "resettlementMode",
                "SUBSIDY", "confirmedSubsidy", 120000, "demolitionCommitment", true));
    }

    private void pay(HouseholdRef h) {
        complete(h, TASK_PAY_AGREEMENT_TRANCHE, FINANCE, payment(h));
    }

    private Map<String, Object> payment(HouseholdRef h) {
        return Map.of("paymentDate", today, "paymentAmount", 60000, "voucherNo", "CZ-" + h.caseNo());
    }

    private void complete(HouseholdRef h, String key, String userId, Map<String, Object> fields) {
        Task t = task(h, key);
        as(userId, () -> {
            worklist.complete(t.getId(), new HashMap<>(fields), user(userId));
            return null;
        });
    }

    private List<String> targets(Task t, String userId) {
        return as(userId, () -> operations.returnTargets(t.getId(), user(userId))).stream().map(ReturnTarget::taskKey).toList();
    }

    private Task task(HouseholdRef h, String key) {
        List<Task> found = tasks.createTaskQuery().processInstanceBusinessKey(h.caseNo()).taskDefinitionKey(key).list();
        assertThat(found).as("open %s of %s", key, h.caseNo()).hasSize(1);
        return found.get(0);
    }

    private List<Task> open(HouseholdRef h) {
        return tasks.createTaskQuery().processInstanceBusinessKey(h.caseNo()).list();
    }

    private String stage(HouseholdRef h) {
        return jdbc.queryForObject("SELECT stage FROM household WHERE id = ?", String.class, h.id());
    }

    private Map<String, Object> workItemState(String taskId) {
        return jdbc.queryForMap("SELECT state, end_reason FROM work_item WHERE task_id = ?", taskId);
    }

    private CaseView.HistoryEntry lastEvent(HouseholdRef h, String type) {
        List<CaseView.HistoryEntry> of = cases.view(h.caseNo(), user("officer")).history().stream().filter(e -> e.type().equals(type)).toList();
        assertThat(of).as("%s in the history", type).isNotEmpty();
        return of.get(of.size() - 1);
    }

    private static void assertStatus(Runnable action, int status) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().value()).isEqualTo(status));
    }

    private CurrentUser user(String id) {
        return accounts.load(id).orElseThrow();
    }

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
}
