package cn.jingyuan.relocation.notification;

import static cn.jingyuan.relocation.relocationcase.process.RelocationCaseProcess.TASK_RECORD_APPLICATION;
import static cn.jingyuan.relocation.relocationcase.process.RelocationCaseProcess.TASK_VERIFY_HOUSEHOLD;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import cn.jingyuan.relocation.approval.Actors;
import cn.jingyuan.relocation.approval.CaseFixture;
import cn.jingyuan.relocation.household.HouseholdRef;
import cn.jingyuan.relocation.notification.internal.Deadlines;
import cn.jingyuan.relocation.notification.internal.Inbox;
import cn.jingyuan.relocation.notification.internal.Outbox;
import cn.jingyuan.relocation.notification.internal.OutboxMapper;
import cn.jingyuan.relocation.notification.process.DailyRemindersProcess;
import cn.jingyuan.relocation.security.AccountDirectory;
import cn.jingyuan.relocation.shared.TimeConfig;
import cn.jingyuan.relocation.support.Api;
import cn.jingyuan.relocation.support.Ledger;
import cn.jingyuan.relocation.worklist.NoticeType;
import cn.jingyuan.relocation.worklist.StepNotice;
import cn.jingyuan.relocation.worklist.WorklistService;

/**
 * 我的消息 on the application's engine, run on H2 and on MariaDB: new steps (TASK_NEW) from the engine's task events, step notices from
 * {@link StepNotice} events, the daily DUE_SOON / OVERDUE check and the digest, and the API. Cases are households
 * of 大湾乡 registered for plan year {@value #YEAR} in villages nothing else uses (no responsible cadre: the task
 * force group shares each step); messages of other tests are told apart by case number and step.
 */
abstract class NotificationContract {

    static final int YEAR = 2063;
    static final String TF1 = "dawan.tf1";
    static final String TF2 = "dawan.tf2";
    static final String LEAD = "dawan.lead";
    static final Map<String, Object> VERIFIED = Map.of("decision", "APPROVE", "membersConfirmed", true, "category", "RISK_ZONE", "riskLevel", "HIGH");

    @Autowired
    ApplicationContext context;
    @Autowired
    TaskService taskService;
    @Autowired
    IdentityService identity;
    @Autowired
    ManagementService management;
    @Autowired
    HistoryService history;
    @Autowired
    WorklistService worklist;
    @Autowired
    AccountDirectory accounts;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Deadlines deadlines;
    @Autowired
    Outbox outbox;
    @Autowired
    OutboxMapper outboxMapper;
    @Autowired
    Inbox inbox;
    @LocalServerPort
    int port;

    TransactionTemplate tx;
    static int villages;

    @BeforeEach
    void init() {
        tx = new TransactionTemplate(transactions);
    }

    @AfterEach
    void reset() {
        ClockUtil.reset();
        identity.clearAuthentication();
    }

    @Test
    void aNewStepTellsItsGroupButNeverWhoeverCausedIt() {
        HouseholdRef h = openCase();
        Task verify = task(h, TASK_VERIFY_HOUSEHOLD);
        assertThat(verify.getAssignee()).isNull();
        assertThat(recipients(verify.getId(), NoticeType.TASK_NEW)).containsExactlyInAnyOrder(TF1, TF2);
        String title = titles(verify.getId(), NoticeType.TASK_NEW).get(0);
        assertThat(title).startsWith("新待办:核实认定 · " + h.caseNo() + " " + h.headName() + "户(大湾乡").contains("前办理");
        assertNoCodes(title);

        Actors.run(accounts, TF1, () -> worklist.claim(verify.getId(), Actors.user(accounts, TF1)));
        Actors.run(accounts, TF1, () -> worklist.unclaim(verify.getId(), Actors.user(accounts, TF1)));
        assertThat(recipients(verify.getId(), NoticeType.TASK_NEW)).as("claiming it oneself and giving it back tells nobody")
                .containsExactlyInAnyOrder(TF1, TF2);

        Actors.run(accounts, LEAD, () -> worklist.assign(verify.getId(), TF2, Actors.user(accounts, LEAD)));
        assertThat(recipients(verify.getId(), NoticeType.TASK_NEW)).as("handed to tf2 by the reviewer").containsExactlyInAnyOrder(TF1, TF2, TF2);

        Actors.run(accounts, TF2, () -> worklist.complete(verify.getId(), VERIFIED, Actors.user(accounts, TF2)));
        Task apply = task(h, TASK_RECORD_APPLICATION);
        assertThat(recipients(apply.getId(), NoticeType.TASK_NEW)).as("the next step: the group, less who completed this one")
                .containsExactly(TF1);
    }

    @Test
    void aStepCompletedInTasklistStillReachesTheGroupThoughItsMembersMayNotReadEachOthersAccounts() {
        HouseholdRef h = openCase();
        Task verify = task(h, TASK_VERIFY_HOUSEHOLD);
        identity.setAuthentication(TF1, accounts.load(TF1).orElseThrow().groups());
        assertThat(identity.createUserQuery().memberOfGroup("tf-dawan").list()).extracting(u -> u.getId())
                .as("what tf1 may see of the accounts").doesNotContain(TF2);
        taskService.complete(verify.getId(), VERIFIED);
        identity.clearAuthentication();

        assertThat(recipients(task(h, TASK_RECORD_APPLICATION).getId(), NoticeType.TASK_NEW)).containsExactly(TF2);
    }

    @Test
    void aStepNoticeReachesItsUsersAndTheMembersOfItsGroupsAndCommitsWithItsCause() {
        HouseholdRef h = openCase();
        Task verify = task(h, TASK_VERIFY_HOUSEHOLD);
        long outboxBefore = lastOutboxId();
        tx.executeWithoutResult(s -> events.publishEvent(new StepNotice(NoticeType.URGED, Set.of(TF1, "officer"), Set.of("lead-dawan"),
                "请尽快办理:核实认定(" + h.caseNo() + ")", h.caseNo(), verify.getId(), "dawan", "officer")));
        assertThat(recipients(verify.getId(), NoticeType.URGED)).as("not the officer who urged").containsExactlyInAnyOrder(TF1, LEAD);
        List<Map<String, Object>> queued = jdbc.queryForList("SELECT target, content FROM notification_outbox WHERE id > ?", outboxBefore);
        assertThat(queued).as("urges also go to the township's group chat, once for both").hasSize(1);
        String outbound = (String) queued.get(0).get("content");
        assertThat(outbound).startsWith("【催办】请尽快办理").contains(name(TF1)).contains(name(LEAD));
        assertNoCodes(outbound);
        assertThat(queued.get(0).get("target")).isEqualTo("dawan");

        tx.executeWithoutResult(s -> {
            events.publishEvent(new StepNotice(NoticeType.COPIED, Set.of(TF2), Set.of(), "抄送:核实认定", h.caseNo(), verify.getId(), "dawan", null));
            s.setRollbackOnly();
        });
        assertThat(recipients(verify.getId(), NoticeType.COPIED)).as("its cause rolled back").isEmpty();
    }

    @Test
    void whoeverGetsAReturnInTheSameTransactionIsNotToldOfTheNewStepOnTop() {
        HouseholdRef h = openCase();
        Task verify = task(h, TASK_VERIFY_HOUSEHOLD);
        Actors.run(accounts, TF1, () -> tx.executeWithoutResult(s -> {
            worklist.complete(verify.getId(), VERIFIED, Actors.user(accounts, TF1));
            events.publishEvent(new StepNotice(NoticeType.RETURNED, Set.of(TF2), Set.of(), "被退回:自愿申请(" + h.caseNo() + ")",
                    h.caseNo(), null, "dawan", TF1));
        }));
        Task apply = task(h, TASK_RECORD_APPLICATION);
        assertThat(recipients(apply.getId(), NoticeType.TASK_NEW)).isEmpty();
        assertThat(jdbc.queryForList("SELECT recipient_id FROM notification WHERE case_no = ? AND type = 'RETURNED'", String.class, h.caseNo()))
                .containsExactly(TF2);
    }

    @Test
    void theDailyCheckTellsStepsDueByTheNextWorkingDayAndOverdueStepsOnceEach() {
        Task friday = task(openCase(), TASK_VERIFY_HOUSEHOLD);
        Task october = task(openCase(), TASK_VERIFY_HOUSEHOLD);
        Task september = task(openCase(), TASK_VERIFY_HOUSEHOLD);
        taskService.setDueDate(friday.getId(), beijing(2025, 6, 9, 15, 0));
        taskService.setDueDate(october.getId(), beijing(2025, 10, 9, 17, 0));
        taskService.setDueDate(september.getId(), beijing(2025, 9, 26, 17, 0));

        Deadlines.Outcome june = deadlines.check(beijing(2025, 6, 6, 9, 0).toInstant());
        assertThat(june.workingDay()).isTrue();
        assertThat(recipients(friday.getId(), NoticeType.DUE_SOON)).as("on Friday, Monday's step").containsExactlyInAnyOrder(TF1, TF2);
        assertThat(recipients(october.getId(), NoticeType.DUE_SOON)).isEmpty();

        assertThat(deadlines.check(beijing(2025, 10, 1, 9, 0).toInstant()).workingDay()).as("National Day: no check").isFalse();
        assertThat(recipients(september.getId(), NoticeType.OVERDUE)).isEmpty();

        deadlines.check(beijing(2025, 9, 30, 9, 0).toInstant());
        assertThat(recipients(october.getId(), NoticeType.DUE_SOON)).as("9 October is the next working day after 30 September")
                .containsExactlyInAnyOrder(TF1, TF2);
        assertThat(recipients(september.getId(), NoticeType.OVERDUE)).containsExactlyInAnyOrder(TF1, TF2);
        assertThat(recipients(friday.getId(), NoticeType.OVERDUE)).containsExactlyInAnyOrder(TF1, TF2);
        String soon = titles(october.getId(), NoticeType.DUE_SOON).get(0);
        assertThat(soon).startsWith("即将到期:核实认定 · 640424-" + YEAR).contains("10月9日17:00");
        assertThat(titles(september.getId(), NoticeType.OVERDUE).get(0)).startsWith("已逾期:核实认定").contains("9月26日17:00");
        assertNoCodes(soon);

        deadlines.check(beijing(2025, 10, 9, 9, 0).toInstant());
        assertThat(recipients(october.getId(), NoticeType.DUE_SOON)).as("once").hasSize(2);
        assertThat(recipients(september.getId(), NoticeType.OVERDUE)).as("once").hasSize(2);
    }

    @Test
    void theMorningProcessRunsFromItsTimerAndQueuesTheDigestOfEachPersonsSteps() {
        HouseholdRef h = openCase();
        Job timer = management.createJobQuery().processDefinitionKey(DailyRemindersProcess.PROCESS_ID).timers().singleResult();
        assertThat(timer).as("the 08:30 timer is waiting").isNotNull();
        assertThat(timer.getDuedate().toInstant().atZone(TimeConfig.COUNTY_ZONE).toLocalTime()).hasToString("08:30");
        taskService.setDueDate(task(h, TASK_VERIFY_HOUSEHOLD).getId(), beijing(2025, 9, 29, 17, 0));
        long outboxBefore = lastOutboxId();

        ClockUtil.setCurrentTime(beijing(2025, 9, 30, 8, 30));
        management.executeJob(timer.getId());
        for (int i = 0; i < 2; i++) {
            Job step = management.createJobQuery().processDefinitionKey(DailyRemindersProcess.PROCESS_ID).messages().singleResult();
            management.executeJob(step.getId());
        }

        assertThat(management.createJobQuery().processDefinitionKey(DailyRemindersProcess.PROCESS_ID).messages().count()).isZero();
        assertThat(management.createJobQuery().processDefinitionKey(DailyRemindersProcess.PROCESS_ID).timers().count())
                .as("tomorrow's timer").isEqualTo(1);
        assertThat(history.createHistoricProcessInstanceQuery().processDefinitionKey(DailyRemindersProcess.PROCESS_ID).finished().count())
                .isGreaterThanOrEqualTo(1);
        assertThat(recipients(task(h, TASK_VERIFY_HOUSEHOLD).getId(), NoticeType.OVERDUE)).containsExactlyInAnyOrder(TF1, TF2);
        List<Map<String, Object>> digests = jdbc.queryForList(
                "SELECT target, format, content FROM notification_outbox WHERE id > ? AND format = 'MARKDOWN' ORDER BY id", outboxBefore);
        Map<String, Object> dawan = digests.stream().filter(d -> "dawan".equals(d.get("target"))).findFirst().orElseThrow();
        String content = (String) dawan.get("content");
        assertThat(content).startsWith("### 每日待办汇总 · 2025年9月30日\n**大湾乡**").contains(name(TF1) + "(乡镇工作专班)").contains("逾期");
        assertNoCodes(content);
        assertThat(digests).extracting(d -> d.get("target")).as("one per chat with open steps").doesNotHaveDuplicates();
    }

    /**
     * The new steps of one commit (a batch advanced, cases opened) are written together: every notice to its own
     * recipients less whoever caused it, more than one statement's worth of rows included, and a notice left with
     * nobody to tell writes nothing.
     */
    @Test
    void theNoticesOfOneCommitAreWrittenTogetherEachToItsOwnRecipients() {
        String run = Long.toString(System.nanoTime(), 36);
        Set<String> many = new LinkedHashSet<>();
        for (int i = 0; i < 1_234; i++) {
            many.add("bulk" + run + "-" + i);
        }
        List<Inbox.Notice> notices = new ArrayList<>(List.of(
                new Inbox.Notice(NoticeType.TASK_NEW, Set.of("a" + run, "b" + run), "新待办:甲" + run, "C" + run, "t1" + run, "b" + run),
                new Inbox.Notice(NoticeType.TASK_NEW, Set.of("c" + run), "新待办:乙" + run, null, "t2" + run, "c" + run),
                new Inbox.Notice(NoticeType.TASK_NEW, many, "新待办:丙" + run, "C" + run, "t3" + run, null)));
        List<Set<String>> written = tx.execute(s -> inbox.deliverAll(notices));

        assertThat(written.get(0)).containsExactly("a" + run);
        assertThat(written.get(1)).isEmpty();
        assertThat(written.get(2)).hasSize(1_234);
        assertThat(jdbc.queryForList("SELECT recipient_id FROM notification WHERE task_id = ?", String.class, "t1" + run)).containsExactly("a" + run);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM notification WHERE task_id = ?", Long.class, "t2" + run)).isZero();
        assertThat(jdbc.queryForList("SELECT recipient_id FROM notification WHERE task_id = ? AND title = ? AND case_no = ? AND type = 'TASK_NEW'",
                String.class, "t3" + run, "新待办:丙" + run, "C" + run)).containsExactlyInAnyOrderElementsOf(many);
        assertThat(inbox.deliver(NoticeType.TASK_NEW, Set.of("d" + run), "新待办:丁" + run, null, "t4" + run, null)).containsExactly("d" + run);
        assertThat(jdbc.queryForList("SELECT title FROM notification WHERE recipient_id = ?", String.class, "d" + run)).containsExactly("新待办:丁" + run);
    }

    @Test
    void everyoneReadsAndMarksTheirOwnMessagesOnly() {
        HouseholdRef h = openCase();
        Api tf2 = Api.at(port).as(TF2);
        Api.Response unread = tf2.get("/api/notifications?unread=true&size=500");
        assertThat(unread.status()).as(unread.toString()).isEqualTo(200);
        JsonNode mine = null;
        for (JsonNode n : unread.json().path("items")) {
            if (h.caseNo().equals(n.path("caseNo").asText())) {
                mine = n;
            }
        }
        assertThat(mine).as("the new step of %s", h.caseNo()).isNotNull();
        assertThat(mine.path("type").asText()).isEqualTo("TASK_NEW");
        assertThat(mine.path("typeLabel").asText()).isEqualTo("新待办");
        assertThat(mine.path("read").asBoolean()).isFalse();
        long count = tf2.get("/api/notifications/unread-count").json().path("unread").asLong();
        assertThat(count).isEqualTo(unread.json().path("total").asLong());

        long id = mine.path("id").asLong();
        assertThat(Api.at(port).as(TF1).post("/api/notifications/" + id + "/read", Map.of()).status()).as("not tf1's").isEqualTo(404);
        Api.Response read = tf2.post("/api/notifications/" + id + "/read", Map.of());
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.json().path("read").asBoolean()).isTrue();
        assertThat(tf2.get("/api/notifications/unread-count").json().path("unread").asLong()).isEqualTo(count - 1);

        Api.Response all = tf2.post("/api/notifications/read-all", Map.of());
        assertThat(all.json().path("marked").asLong()).isEqualTo(count - 1);
        assertThat(tf2.get("/api/notifications/unread-count").json().path("unread").asLong()).isZero();
        assertThat(tf2.get("/api/notifications?unread=false&size=1").json().path("total").asLong()).isGreaterThanOrEqualTo(count);
        assertThat(Api.at(port).anonymous().get("/api/notifications").status()).isEqualTo(401);
    }

    @Test
    void queuedMessagesAreSentOnceByWhicheverNodeClaimsThemFirst() {
        HouseholdRef h = openCase();
        long before = lastOutboxId();
        tx.executeWithoutResult(s -> events.publishEvent(new StepNotice(NoticeType.OVERDUE, Set.of(TF1), Set.of(),
                "已逾期:核实认定 · " + h.caseNo(), h.caseNo(), null, "dawan", null)));
        long id = lastOutboxId();
        assertThat(id).isGreaterThan(before);
        assertThat(jdbc.queryForObject("SELECT channel FROM notification_outbox WHERE id = ?", String.class, id))
                .as("大湾乡 has no robot configured: the log").isEqualTo("log");
        LocalDateTime now = LocalDateTime.now();
        assertThat(outboxMapper.claim(id, now, now.plusMinutes(2))).as("one node").isEqualTo(1);
        assertThat(outboxMapper.claim(id, now, now.plusMinutes(2))).as("another node").isZero();
        jdbc.update("UPDATE notification_outbox SET claimed_until = ? WHERE id = ?", now.minusSeconds(1), id);

        outbox.deliverDue();

        assertThat(jdbc.queryForObject("SELECT status FROM notification_outbox WHERE id = ?", String.class, id)).isEqualTo("DELIVERED");
    }

    // ---- helpers ----

    private HouseholdRef openCase() {
        String village = "通知试点" + (++villages) + "村";
        return CaseFixture.in(context).openAt(CaseFixture.add(Ledger.create(), 1, YEAR, "大湾乡", village, 2, ""), TASK_VERIFY_HOUSEHOLD).get(0);
    }

    private Task task(HouseholdRef h, String key) {
        return taskService.createTaskQuery().processInstanceBusinessKey(h.caseNo()).taskDefinitionKey(key).singleResult();
    }

    private List<String> recipients(String taskId, NoticeType type) {
        return jdbc.queryForList("SELECT recipient_id FROM notification WHERE task_id = ? AND type = ? ORDER BY id", String.class, taskId, type.name());
    }

    private List<String> titles(String taskId, NoticeType type) {
        return jdbc.queryForList("SELECT title FROM notification WHERE task_id = ? AND type = ? ORDER BY id", String.class, taskId, type.name());
    }

    private long lastOutboxId() {
        return jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) FROM notification_outbox", Long.class);
    }

    private String name(String userId) {
        return accounts.displayName(userId).orElseThrow();
    }

    /** No account id, group id, code or ISO duration in what people read. */
    private static void assertNoCodes(String text) {
        assertThat(text).doesNotContain("dawan").doesNotContain("tf-").doesNotContain("lead-").doesNotContain("Task_")
                .doesNotContainPattern("P\\d+[DWMY]|\\d+WD|TASK_NEW|DUE_SOON|OVERDUE|URGED");
    }

    private static Date beijing(int year, int month, int day, int hour, int minute) {
        return Date.from(LocalDateTime.of(year, month, day, hour, minute).atZone(TimeConfig.COUNTY_ZONE).toInstant());
    }
}
