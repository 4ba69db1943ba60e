package cn.jingyuan.relocation.annualplan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import com.fasterxml.jackson.databind.JsonNode;

import cn.jingyuan.relocation.annualplan.process.AnnualPlanProcess;
import cn.jingyuan.relocation.approval.Actors;
import cn.jingyuan.relocation.approval.CaseFixture;
import cn.jingyuan.relocation.household.HouseholdService;
import cn.jingyuan.relocation.relocationcase.process.RelocationCaseProcess;
import cn.jingyuan.relocation.security.AccountDirectory;
import cn.jingyuan.relocation.shared.TimeConfig;
import cn.jingyuan.relocation.support.Api;
import cn.jingyuan.relocation.support.Ledger;

/**
 * The rollover (结转) of unfinished cases into the next year. On the demo data: 2024's 86 households / 312 people are
 * all open (at demolition, reclamation or acceptance), so the officer previews and proposes the 2024 rollover, the
 * deputy confirms it, and they go on in 2025 as carried in, apart from 2025's own 289 / 1,215, with their case
 * numbers, history and process instances; 2024's figures are frozen. A second rollover changes nothing, and one that
 * fails half-way (a failure injected into its second chunk) finishes the rest when its job runs again.
 * <p>
 * The demo rollover changes the demo data other classes rely on (after it, 2024 lists no households), so this class
 * has an application context and an in-memory database of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:relocation-rollover;MODE=MySQL;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
        "camunda.bpm.job-execution.enabled=false",
        "relocation.demo.enabled=true",
})
class RolloverIntegrationTests {

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    ManagementService management;
    @Autowired
    RuntimeService runtime;
    @Autowired
    RolloverService rollovers;
    @Autowired
    PlanService plans;
    @Autowired
    AccountDirectory accounts;
    @Autowired
    JdbcTemplate jdbc;
    /** The real registry, spied on so that a test can make the rollover's second chunk fail. */
    @MockitoSpyBean
    HouseholdService households;

    Api api;

    @BeforeEach
    void connect() {
        api = Api.at(port);
    }

    @Test
    void the2024RolloverCarriesEveryOpenCaseInto2025AndFreezes2024() {
        // ---- before: 2024 all open, 2025 its own ----
        JsonNode before2024 = statistics(2024);
        assertThat(before2024.path("frozen").asBoolean()).isFalse();
        assertCounter(before2024, "planned", 86, 312);
        assertCounter(before2024, "open", 86, 312);
        assertCounter(before2024, "carriedOut", 0, 0);
        JsonNode before2025 = statistics(2025);
        assertCounter(before2025, "planned", 289, 1215);
        assertCounter(before2025, "carriedIn", 0, 0);
        int open2025 = before2025.path("open").path("households").asInt();
        int openPeople2025 = before2025.path("open").path("people").asInt();

        JsonNode listed = api.as("officer").get("/api/households?year=2024&size=500").json();
        assertThat(listed.path("total").asInt()).isEqualTo(86);
        List<String> caseNos = listed.path("items").findValuesAsText("caseNo");
        Map<String, JsonNode> cases = new LinkedHashMap<>();
        Map<String, String> processes = new LinkedHashMap<>();
        for (String caseNo : caseNos) {
            cases.put(caseNo, caseView(caseNo));
            processes.put(caseNo, households.findRefByCaseNo(caseNo).orElseThrow().processInstanceId());
        }

        // ---- the officer previews: every open case, split by stage, nothing changes ----
        Api.Response preview = api.as("officer").post("/api/plans/2024/rollover?dryRun=true", Map.of());
        assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
        JsonNode p = preview.json();
        assertThat(p.path("dryRun").asBoolean()).isTrue();
        assertThat(p.path("toYear").asInt()).isEqualTo(2025);
        assertThat(p.path("households").asInt()).isEqualTo(86);
        assertThat(p.path("people").asInt()).isEqualTo(312);
        assertCounter(p, "notMovedIn", 0, 0);
        assertCounter(p, "movedInNotClosed", 86, 312);
        assertThat(p.path("byStage").path("DEMOLITION").path("households").asInt()).isEqualTo(31);
        assertThat(p.path("byStage").path("RECLAMATION").path("households").asInt()).isEqualTo(30);
        assertThat(p.path("byStage").path("ACCEPTANCE").path("households").asInt()).isEqualTo(25);
        assertThat(p.path("cases").findValuesAsText("caseNo")).containsExactlyInAnyOrderElementsOf(caseNos);
        assertThat(p.path("targetPlanApproved").asBoolean()).isTrue();
        assertThat(statistics(2024)).isEqualTo(before2024);

        // ---- the officer proposes, the deputy confirms in the task list, the carry-over job runs ----
        Api.Response proposed = api.as("officer").post("/api/plans/2024/rollover?dryRun=false", Map.of("reason", "2024年度未办结案件结转至2025年度继续办理"));
        assertThat(proposed.status()).as(proposed.toString()).isEqualTo(202);
        long rolloverId = proposed.json().path("id").asLong();
        assertThat(proposed.json().path("status").asText()).isEqualTo("PROPOSED");
        confirm(2024);
        assertThat(statistics(2024).path("frozen").asBoolean()).as("nothing moves before the job has run").isFalse();
        runCarryOver(2024);

        // ---- after: 2024 frozen and carried out, 2025 shows the carried-in cases apart from its own ----
        JsonNode after2024 = statistics(2024);
        assertThat(after2024.path("frozen").asBoolean()).isTrue();
        assertCounter(after2024, "target", 86, 312);
        assertCounter(after2024, "planned", 86, 312);
        assertCounter(after2024, "movedIn", 86, 312);
        assertCounter(after2024, "carriedOut", 86, 312);
        assertCounter(after2024, "open", 0, 0);
        assertThat(after2024.path("demolished")).isEqualTo(before2024.path("demolished"));
        JsonNode after2025 = statistics(2025);
        assertThat(after2025.path("frozen").asBoolean()).isFalse();
        assertCounter(after2025, "planned", 289, 1215);
        assertCounter(after2025, "carriedIn", 86, 312);
        assertCounter(after2025, "open", open2025 + 86, openPeople2025 + 312);
        assertThat(after2025.path("byTownship")).anySatisfy(t -> {
            assertThat(t.path("name").asText()).isEqualTo("泾河源镇");
            assertCounter(t, "carriedIn", 86, 312);
        });
        // a year's list shows the households that are or were in it: 2024's are now in plan year 2025
        assertThat(stillIn(2024)).isZero();
        assertThat(api.as("officer").get("/api/households?year=2024&size=500").json().path("total").asInt()).isEqualTo(86);
        assertThat(api.as("officer").get("/api/households?year=2025").json().path("total").asInt()).isEqualTo(289 + 86);
        JsonNode plan2024 = api.as("officer").get("/api/plans/2024").json();
        assertThat(plan2024.path("status").asText()).isEqualTo("CLOSED");
        assertThat(plan2024.path("rollovers")).singleElement().satisfies(r -> {
            assertThat(r.path("status").asText()).isEqualTo("DONE");
            assertThat(r.path("households").asInt()).isEqualTo(86);
            assertThat(r.path("people").asInt()).isEqualTo(312);
        });

        // ---- every carried case: same number, same process, its history plus one carry-over record ----
        for (String caseNo : caseNos) {
            JsonNode was = cases.get(caseNo);
            JsonNode now = caseView(caseNo);
            assertThat(now.path("caseNo").asText()).isEqualTo(caseNo);
            assertThat(now.path("planYear").asInt()).isEqualTo(2025);
            assertThat(now.path("originYear").asInt()).isEqualTo(2024);
            assertThat(now.path("stage").asText()).isEqualTo(was.path("stage").asText());
            assertThat(now.path("openTasks").findValuesAsText("id")).isEqualTo(was.path("openTasks").findValuesAsText("id"));
            assertThat(households.findRefByCaseNo(caseNo).orElseThrow().processInstanceId()).isEqualTo(processes.get(caseNo));
            assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(caseNo).list()).extracting(ProcessInstance::getId)
                    .containsExactly(processes.get(caseNo));

            List<JsonNode> history = new ArrayList<>();
            now.path("history").forEach(history::add);
            List<JsonNode> carried = history.stream().filter(e -> e.path("type").asText().equals("CARRIED_OVER")).toList();
            assertThat(carried).as(caseNo).singleElement().satisfies(e -> {
                assertThat(e.path("details").path("fromYear").asInt()).isEqualTo(2024);
                assertThat(e.path("details").path("toYear").asInt()).isEqualTo(2025);
                assertThat(e.path("details").path("stageAtRollover").asText()).isEqualTo(was.path("stage").asText());
                assertThat(e.path("actor").asText()).isEqualTo("deputy");
            });
            List<JsonNode> rest = history.stream().filter(e -> !e.path("type").asText().equals("CARRIED_OVER")).toList();
            List<JsonNode> earlier = new ArrayList<>();
            was.path("history").forEach(earlier::add);
            assertThat(rest).as(caseNo).isEqualTo(earlier);
        }

        // ---- more work on a carried case: 2025 moves, 2024 stays as frozen ----
        String atDemolition = caseNos.stream().filter(c -> cases.get(c).path("stage").asText().equals("DEMOLITION")).findFirst().orElseThrow();
        JsonNode task = caseView(atDemolition).path("openTasks").findParents("taskDefinitionKey").stream()
                .filter(t -> t.path("taskDefinitionKey").asText().equals(RelocationCaseProcess.TASK_DEMOLISH_OLD_HOUSE)).findFirst().orElseThrow();
        String doer = task.path("assignee").isTextual() ? task.path("assignee").asText() : "jingheyuan.tf1";
        Api.Response done = api.as(doer).post("/api/tasks/{id}/complete", Map.of("demolitionDate",
                LocalDate.now(TimeConfig.COUNTY_ZONE).minusDays(1).toString(), "photoRef", "IMG-2025-" + atDemolition), task.path("id").asText());
        assertThat(done.status()).as(done.toString()).isEqualTo(204);
        assertThat(caseView(atDemolition).path("stage").asText()).isEqualTo("RECLAMATION");
        JsonNode later2025 = statistics(2025);
        assertThat(later2025.path("demolished").path("households").asInt()).isEqualTo(after2025.path("demolished").path("households").asInt() + 1);
        assertThat(statistics(2024)).isEqualTo(after2024);

        // ---- a second rollover changes nothing ----
        Api.Response again = api.as("officer").post("/api/plans/2024/rollover?dryRun=false", Map.of());
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.json().path("households").asInt()).isZero();
        assertThat(again.json().has("id")).isFalse();
        assertThat(rollovers.execute(rolloverId)).isZero();
        assertThat(statistics(2024)).isEqualTo(after2024);
        assertThat(statistics(2025)).isEqualTo(later2025);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM carry_over WHERE from_year = 2024", Integer.class)).isEqualTo(86);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM case_event WHERE event_type = 'CARRIED_OVER' AND case_no LIKE '640424-2024-%'",
                Integer.class)).isEqualTo(86);
    }

    @Test
    void aRolloverThatFailsHalfWayFinishesTheRestWhenItsJobRunsAgainAndCarriesNoCaseTwice() {
        // given plan years 2061 and 2062 and more open cases in 2061 than one chunk of the rollover holds
        int year = 2061;
        int size = RolloverService.CHUNK + 20;
        approvedPlan(year);
        approvedPlan(year + 1);
        Ledger ledger = Ledger.create();
        String[] townships = {"香水镇", "泾河源镇", "六盘山镇", "新民乡", "兴盛乡", "黄花乡", "大湾乡"};
        for (int i = 0; i < size; i++) {
            CaseFixture.add(ledger, 1, year, townships[i % townships.length], "结转村" + (i % 5 + 1), 1 + i % 3, "补助安置");
        }
        CaseFixture.in(context).openAt(ledger, RelocationCaseProcess.TASK_VERIFY_HOUSEHOLD);
        int people = statistics(year).path("open").path("people").asInt();
        assertCounter(statistics(year), "open", size, people);

        // and the second chunk failing once, after the first has committed
        AtomicInteger chunks = new AtomicInteger();
        doAnswer(call -> {
            if (chunks.incrementAndGet() == 2) {
                throw new IllegalStateException("injected failure in the rollover's second chunk");
            }
            return call.callRealMethod();
        }).when(households).movePlanYear(anyCollection(), eq(year), eq(year + 1));

        assertThat(api.as("officer").post("/api/plans/{y}/rollover?dryRun=false", Map.of(), year).status()).isEqualTo(202);
        confirm(year);

        // when the carry-over job runs: it fails half-way
        Job job = carryOverJob(year);
        assertThat(catchThrowable(() -> management.executeJob(job.getId()))).hasStackTraceContaining("injected failure");

        // then the first chunk has gone over and the rest is still in the old year; the job waits for its retry
        assertThat(stillIn(year)).isEqualTo(20);
        assertThat(statistics(year + 1).path("carriedIn").path("households").asInt()).isEqualTo(RolloverService.CHUNK);
        assertThat(api.as("officer").get("/api/plans/{y}", year).json().path("rollovers").get(0).path("status").asText()).isEqualTo("CONFIRMED");
        Job failed = management.createJobQuery().jobId(job.getId()).singleResult();
        assertThat(failed.getRetries()).isEqualTo(2);
        assertThat(failed.getExceptionMessage()).contains("injected failure");

        // when it runs again
        management.executeJob(job.getId());

        // then every case is in the new year once
        assertThat(stillIn(year)).isZero();
        assertThat(api.as("officer").get("/api/households?year={y}", year + 1).json().path("total").asInt()).isEqualTo(size);
        assertCounter(statistics(year + 1), "carriedIn", size, people);
        JsonNode closed = statistics(year);
        assertThat(closed.path("frozen").asBoolean()).isTrue();
        assertCounter(closed, "carriedOut", size, people);
        assertThat(api.as("officer").get("/api/plans/{y}", year).json().path("rollovers").get(0).path("status").asText()).isEqualTo("DONE");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM carry_over WHERE from_year = ?", Integer.class, year)).isEqualTo(size);
        assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT household_id) FROM carry_over WHERE from_year = ?", Integer.class, year))
                .isEqualTo(size);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM case_event WHERE event_type = 'CARRIED_OVER' AND case_no LIKE ?", Integer.class,
                "640424-" + year + "-%")).isEqualTo(size);
        assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT household_id) FROM case_event WHERE event_type = 'CARRIED_OVER' AND case_no LIKE ?",
                Integer.class, "640424-" + year + "-%")).isEqualTo(size);
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(AnnualPlanProcess.businessKey(year)).count()).isZero();
    }

    // ---- helpers ----

    private JsonNode statistics(int year) {
        Api.Response r = api.as("officer").get("/api/plans/{y}/statistics", year);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    private JsonNode caseView(String caseNo) {
        Api.Response r = api.as("officer").get("/api/cases/{c}", caseNo);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    /** The deputy confirms the proposed rollover of {@code year} from their task list. */
    private void confirm(int year) {
        JsonNode list = api.as("deputy").get("/api/tasks?scope=all&size=500").json();
        JsonNode task = null;
        for (JsonNode t : list.path("items")) {
            if (t.path("taskDefinitionKey").asText().equals(AnnualPlanProcess.TASK_CONFIRM_ROLLOVER)
                    && t.path("businessKey").asText().equals(AnnualPlanProcess.businessKey(year))) {
                task = t;
            }
        }
        assertThat(task).as("the deputy's confirmation task for " + year).isNotNull();
        Api.Response done = api.as("deputy").post("/api/tasks/{id}/complete", Map.of("decision", "APPROVE", "comment", "同意结转"),
                task.path("id").asText());
        assertThat(done.status()).as(done.toString()).isEqualTo(204);
    }

    private Job carryOverJob(int year) {
        ProcessInstance plan = runtime.createProcessInstanceQuery().processInstanceBusinessKey(AnnualPlanProcess.businessKey(year)).singleResult();
        Job job = management.createJobQuery().processInstanceId(plan.getId()).activityId(AnnualPlanProcess.TASK_CARRY_OVER).singleResult();
        assertThat(job).as("the carry-over job of " + year).isNotNull();
        return job;
    }

    /** Runs the confirmed rollover's job, as the job executor would. */
    private void runCarryOver(int year) {
        management.executeJob(carryOverJob(year).getId());
    }

    private void approvedPlan(int year) {
        Actors.run(accounts, "officer", () -> plans.create(new PlanRequest(year, List.of(new PlanRequest.TargetRequest("香水镇", 10, 30)), null),
                Actors.user(accounts, "officer")));
        plans.approve(year, "deputy", "同意");
    }

    private static void assertCounter(JsonNode parent, String name, int households, int people) {
        assertThat(parent.path(name).path("households").asInt()).as(name + ".households").isEqualTo(households);
        assertThat(parent.path(name).path("people").asInt()).as(name + ".people").isEqualTo(people);
    }

    /** How many households listed for {@code year} still have it as their current plan year. */
    private int stillIn(int year) {
        int n = 0;
        for (JsonNode h : api.as("officer").get("/api/households?year={y}&size=500", year).json().path("items")) {
            n += h.path("planYear").asInt() == year ? 1 : 0;
        }
        return n;
    }
}
