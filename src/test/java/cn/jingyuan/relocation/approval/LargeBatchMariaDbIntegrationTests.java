package cn.jingyuan.relocation.approval;

import static cn.jingyuan.relocation.relocationcase.process.RelocationCaseProcess.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.batch.Batch;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import cn.jingyuan.relocation.household.HouseholdRef;
import cn.jingyuan.relocation.relocationcase.process.AdvanceCasesJob;
import cn.jingyuan.relocation.security.AccountDirectory;
import cn.jingyuan.relocation.security.Groups;
import cn.jingyuan.relocation.support.Ledger;
import cn.jingyuan.relocation.support.MariaDb;

/**
 * A batch of 1,000 cases approved on MariaDB, advanced by the application's own job executor (enabled in this
 * context, with the pool sizes of {@code application.yml}: the ones production runs with), not by the test. It ends
 * with every case at the agreement, none lost and none advanced twice: one batch-decision entry in each case's
 * history, one open agreement task and one process instance per case, one correlation job per case, no incident.
 * Prints the time from the final approval to the last case advanced. Its own database, {@value #DATABASE}, and no
 * demo data, so every case and job in it is the test's.
 */
@MariaDb(LargeBatchMariaDbIntegrationTests.DATABASE)
@SpringBootTest(properties = {
        "MYSQL_URL=jdbc:mysql://" + MariaDb.HOST + "/" + LargeBatchMariaDbIntegrationTests.DATABASE + MariaDb.SUFFIX + "?" + MariaDb.PARAMETERS,
        "camunda.bpm.job-execution.enabled=true",
        "relocation.demo.enabled=false",
        MariaDb.ENCRYPTION_KEY_PROPERTY,
        MariaDb.HASH_KEY_PROPERTY,
})
@ActiveProfiles("mysql")
class LargeBatchMariaDbIntegrationTests {

    static final String DATABASE = "relocation_it_large_batch";
    static final int YEAR = 2071;
    static final int CASES = 1000;
    static final long PATIENCE_MILLIS = 150_000;

    @Autowired
    ApplicationContext context;
    @Autowired
    BatchService batches;
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
    @Autowired
    HistoryService history;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Environment env;

    @Test
    void aBatchOf1000CasesApprovedEndsWithEveryCaseAtTheAgreementOnceAndOnlyOnce() throws InterruptedException {
        Actors.ensure(identity, "officer", "县自然资源局经办人", Groups.OFFICER);
        Actors.ensure(identity, "deputy", "分管副县长", Groups.DEPUTY, Groups.LEADERS);
        Actors.ensure(identity, "head", "县长", Groups.HEAD, Groups.LEADERS);

        // given 1,000 cases waiting for the leaders across the county's townships, registered in four ledgers
        long setupStart = System.nanoTime();
        String[] townships = {"香水镇", "泾河源镇", "六盘山镇", "新民乡", "兴盛乡", "黄花乡", "大湾乡"};
        String[] modes = {"补助安置", "统规统建", "自建", "投亲靠友", ""};
        List<HouseholdRef> waiting = new ArrayList<>();
        CaseFixture fixture = CaseFixture.in(context);
        for (int part = 0; part < 4; part++) {
            Ledger ledger = Ledger.create();
            for (int i = part * CASES / 4; i < (part + 1) * CASES / 4; i++) {
                CaseFixture.add(ledger, 1, YEAR, townships[i % townships.length], "大批村" + (i % 9 + 1), 1 + i % 4, modes[i % modes.length]);
            }
            // (not assessed: no subsidy; more than 50 households sends the batch to the county head all the same)
            waiting.addAll(fixture.openAt(ledger, RECEIVE_TASK_AWAIT_BATCH_DECISION));
        }
        assertThat(waiting).hasSize(CASES);
        List<String> caseNos = CaseFixture.caseNos(waiting);
        System.out.printf("[LargeBatchMariaDb] %d cases registered and placed waiting for approval in %.1f s%n", CASES,
                (System.nanoTime() - setupStart) / 1e9);

        // when the officer assembles them, the deputy approves and the county head gives the final approval
        BatchView batch = Actors.as(accounts, "officer", () -> batches.create(new BatchRequest(YEAR, YEAR + "年第一批(1000户)", caseNos),
                Actors.user(accounts, "officer")));
        assertThat(batch.households()).isEqualTo(CASES);
        assertThat(batch.needsHead()).isTrue();
        Actors.as(accounts, "deputy", () -> batches.decide(batch.id(), new DecisionRequest("APPROVE", null, null, "同意,报县长审批", null),
                Actors.user(accounts, "deputy")));
        BatchView approved = Actors.as(accounts, "head", () -> batches.decide(batch.id(),
                new DecisionRequest("APPROVE", null, null, "同意", "泾政发〔2071〕1号"), Actors.user(accounts, "head")));
        long approvedAt = System.nanoTime();
        assertThat(approved.status()).isEqualTo("APPROVED");

        // then the job executor advances them all, in jobs
        int left = CASES;
        while (left > 0 && System.nanoTime() - approvedAt < PATIENCE_MILLIS * 1_000_000) {
            Thread.sleep(100);
            left = jdbc.queryForObject("SELECT COUNT(*) FROM household WHERE plan_year = ? AND stage = 'AWAITING_BATCH_APPROVAL'",
                    Integer.class, YEAR);
        }
        double seconds = (System.nanoTime() - approvedAt) / 1e9;
        assertThat(left).as("cases still waiting %.0f s after the approval", seconds).isZero();
        System.out.printf("[LargeBatchMariaDb] %d cases approved in one batch: the last one advanced to AGREEMENT %.1f s after the final"
                        + " approval, by the application's job executor (core %s, max %s threads, queue %s, %s jobs per acquisition;"
                        + " Hikari pool %s) on MariaDB%n", CASES, seconds, env.getProperty("camunda.bpm.job-execution.core-pool-size"),
                env.getProperty("camunda.bpm.job-execution.max-pool-size"), env.getProperty("camunda.bpm.job-execution.queue-capacity"),
                env.getProperty("camunda.bpm.job-execution.max-jobs-per-acquisition"), env.getProperty("spring.datasource.hikari.maximum-pool-size"));

        // every case at the agreement, none lost
        assertThat(jdbc.queryForList("SELECT stage, COUNT(*) AS n FROM household WHERE plan_year = ? GROUP BY stage", YEAR))
                .containsExactly(Map.of("stage", "AGREEMENT", "n", (long) CASES));
        assertThat(runtime.createExecutionQuery().activityId(RECEIVE_TASK_AWAIT_BATCH_DECISION).count()).isZero();

        // none advanced twice: one batch decision in each case's history, one agreement task, one process instance
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM case_event WHERE event_type = 'BATCH_DECISION'", Integer.class)).isEqualTo(CASES);
        assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT household_id) FROM case_event WHERE event_type = 'BATCH_DECISION'", Integer.class))
                .isEqualTo(CASES);
        Set<String> processes = new HashSet<>();
        waiting.forEach(h -> processes.add(h.processInstanceId()));
        List<Task> agreements = tasks.createTaskQuery().processDefinitionKey(PROCESS_ID).taskDefinitionKey(TASK_SIGN_AGREEMENT).list();
        assertThat(agreements).hasSize(CASES);
        assertThat(agreements.stream().map(Task::getProcessInstanceId).distinct()).containsExactlyInAnyOrderElementsOf(processes);
        assertThat(tasks.createTaskQuery().processDefinitionKey(PROCESS_ID).count()).isEqualTo(CASES);
        List<ProcessInstance> instances = runtime.createProcessInstanceQuery().processDefinitionKey(PROCESS_ID).list();
        assertThat(instances).hasSize(CASES);
        assertThat(instances.stream().map(ProcessInstance::getBusinessKey).distinct()).containsExactlyInAnyOrderElementsOf(caseNos);

        // advanced by the jobs: 25 cases per advance job, none failed, no case handed on to a message-correlation batch
        assertThat(history.createHistoricJobLogQuery().successLog().jobDefinitionType(AdvanceCasesJob.TYPE).count())
                .isEqualTo((CASES + 24) / 25);
        assertThat(history.createHistoricJobLogQuery().jobDefinitionType(Batch.TYPE_CORRELATE_MESSAGE).count()).isZero();
        assertThat(runtime.createIncidentQuery().count()).isZero();
        assertThat(management.createJobQuery().withException().count()).isZero();

        BatchView done = Actors.as(accounts, "head", () -> batches.view(batch.id(), Actors.user(accounts, "head")));
        assertThat(done.progress()).isEqualTo(new BatchView.Progress(CASES, CASES));
    }
}
