package cn.jingyuan.relocation.steps;

import static cn.jingyuan.relocation.relocationcase.process.RelocationCaseProcess.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import cn.jingyuan.relocation.shared.TimeConfig;
import cn.jingyuan.relocation.support.Api;
import cn.jingyuan.relocation.support.CaseWalk;

/**
 * The everyday operations over HTTP as the demo accounts use them, on a 新民乡 case of plan year {@value #YEAR} (which
 * nothing else uses): 已办, 退回 to a visited step (for whoever did it), 转办 within the township, 催办 reaching the holder,
 * 撤回 until the next step is taken up, 委派 and its answer, 加签 holding the completion (also through /engine-rest), 抄送
 * of the county review to the deputy. Each writes the case history; another township's reviewer gets a 404.
 */
abstract class EverydayOperationsApiContract {

    static final int YEAR = 2047;
    static final String TOWNSHIP = "新民乡";
    static final String VILLAGE = "试点三村";
    static final String TF1 = "xinmin.tf1";
    static final String TF2 = "xinmin.tf2";
    static final String LEAD = "xinmin.lead";
    static final String OTHER_TF = "dawan.tf1";
    static final String OTHER_LEAD = "dawan.lead";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    Api api;
    CaseWalk walk;
    String today;

    @BeforeEach
    void connect() {
        api = Api.at(port);
        walk = CaseWalk.over(api);
        today = LocalDate.now(TimeConfig.COUNTY_ZONE).toString();
    }

    /**
     * After each test's operations (and the demo data's), the open work items and their candidate rows, which the
     * task lists read, are exactly the engine's open tasks of a process: holder, owner, due date, name, candidate groups.
     */
    @AfterEach
    void theOpenWorkItemsAreTheEnginesOpenTasks() {
        List<String> engine = jdbc.queryForList("SELECT CONCAT(t.ID_, '|', COALESCE(t.ASSIGNEE_, '-'), '|', COALESCE(t.OWNER_, '-'), '|',"
                + " COALESCE(CAST(t.DUE_DATE_ AS CHAR(19)), '-'), '|', t.NAME_) FROM ACT_RU_TASK t WHERE t.PROC_INST_ID_ IS NOT NULL ORDER BY t.ID_", String.class);
        List<String> items = jdbc.queryForList("SELECT CONCAT(w.task_id, '|', COALESCE(w.assignee, '-'), '|', COALESCE(w.owner_id, '-'), '|',"
                + " COALESCE(CAST(w.due_at AS CHAR(19)), '-'), '|', w.task_name) FROM work_item w WHERE w.state = 'OPEN' ORDER BY w.task_id", String.class);
        assertThat(items).as("open work items").isEqualTo(engine);
        List<String> links = jdbc.queryForList("SELECT DISTINCT CONCAT(i.TASK_ID_, '|', i.GROUP_ID_, '|', COALESCE(t.ASSIGNEE_, '-'), '|',"
                + " CAST(COALESCE(t.DUE_DATE_, TIMESTAMP '9999-12-31 00:00:00') AS CHAR(19))) FROM ACT_RU_IDENTITYLINK i JOIN ACT_RU_TASK t ON t.ID_ = i.TASK_ID_"
                + " WHERE i.TYPE_ = 'candidate' AND i.GROUP_ID_ IS NOT NULL ORDER BY 1", String.class);
        List<String> candidates = jdbc.queryForList("SELECT CONCAT(c.task_id, '|', c.group_id, '|', COALESCE(c.assignee, '-'), '|',"
                + " CAST(c.list_due AS CHAR(19))) FROM work_item_candidate c ORDER BY 1", String.class);
        assertThat(candidates).as("candidate rows").isEqualTo(links);
    }

    @Test
    void claimUnclaimAssignAndEngineRestChangesReachTheListsAndAWithdrawalEndsTheSteps() {
        String caseNo = register();
        String verify = walk.openTask(caseNo, TASK_VERIFY_HOUSEHOLD);
        assertThat(api.as(TF1).post("/api/tasks/{id}/claim", Map.of(), verify).status()).isEqualTo(204);
        assertThat(ids(walk.get(TF1, "/api/tasks?scope=mine&size=500"))).contains(verify);
        assertThat(ids(walk.get(TF2, "/api/tasks?scope=group&size=500"))).doesNotContain(verify);
        assertThat(api.as(TF1).post("/api/tasks/{id}/unclaim", Map.of(), verify).status()).isEqualTo(204);
        assertThat(ids(walk.get(TF1, "/api/tasks?scope=mine&size=500"))).doesNotContain(verify);
        assertThat(ids(walk.get(TF2, "/api/tasks?scope=group&size=500"))).contains(verify);
        assertThat(api.as(LEAD).post("/api/tasks/{id}/assign", Map.of("userId", TF2), verify).status()).isEqualTo(204);
        assertThat(ids(walk.get(TF2, "/api/tasks?scope=mine&size=500"))).contains(verify);
        theOpenWorkItemsAreTheEnginesOpenTasks();

        // through /engine-rest: a due date (the update writes every property: the holder is given again), a candidate group added and removed
        Api.Response due = api.as("admin").put("/engine-rest/task/{id}", Map.of("name", "核实农户信息", "assignee", TF2, "priority", 50,
                "due", "2047-06-01T10:00:00.000+0800"), verify);
        assertThat(due.status()).as(due.toString()).isEqualTo(204);
        assertThat(find(walk.get(TF2, "/api/tasks?scope=mine&size=500"), verify).path("due").asText()).startsWith("2047-06-01");
        Api.Response added = api.as("admin").post("/engine-rest/task/{id}/identity-links", Map.of("groupId", "tf-dawan", "type", "candidate"), verify);
        assertThat(added.status()).as(added.toString()).isEqualTo(204);
        assertThat(ids(walk.get(OTHER_TF, "/api/tasks?scope=all&size=500"))).contains(verify);
        theOpenWorkItemsAreTheEnginesOpenTasks();
        Api.Response removed = api.as("admin").post("/engine-rest/task/{id}/identity-links/delete", Map.of("groupId", "tf-dawan", "type", "candidate"), verify);
        assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
        assertThat(ids(walk.get(OTHER_TF, "/api/tasks?scope=all&size=500"))).doesNotContain(verify);
        theOpenWorkItemsAreTheEnginesOpenTasks();

        // a withdrawal (a message) ends the open step: no longer listed
        Api.Response withdrawn = api.as("officer").post("/api/cases/{c}/withdraw", Map.of("reason", "农户自行搬离"), caseNo);
        assertThat(withdrawn.status()).as(withdrawn.toString()).isEqualTo(200);
        assertThat(ids(walk.get(TF2, "/api/tasks?scope=all&size=500"))).doesNotContain(verify);
    }

    /**
     * A step's holder reaches its work item however the step was taken: claimed and completed in one request (the
     * holder and the completion written together), or claimed first and completed later (first touched at the claim,
     * which the completion keeps), or completed through /engine-rest by someone who never took it.
     */
    @Test
    void aCompletedStepKeepsItsHolderAndWhenItWasFirstTaken() throws Exception {
        String caseNo = register();
        String verify = walk.openTask(caseNo, TASK_VERIFY_HOUSEHOLD);
        walk.complete(verify, TF1, verified());
        Map<String, Object> taken = item(verify);
        assertThat(taken).containsEntry("STATE", "COMPLETED").containsEntry("ASSIGNEE", TF1).containsEntry("COMPLETED_BY", TF1);
        assertThat(taken.get("TOUCHED_AT")).as("an assignment after the step's own transaction touches it").isNotNull();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM work_item_candidate WHERE task_id = ?", Integer.class, verify)).isZero();

        String application = walk.openTask(caseNo, TASK_RECORD_APPLICATION);
        assertThat(api.as(TF2).post("/api/tasks/{id}/claim", Map.of(), application).status()).isEqualTo(204);
        Object claimedAt = item(application).get("TOUCHED_AT");
        assertThat(claimedAt).isNotNull();
        Thread.sleep(1100); // a completion a second later: the touch stays the claim's
        walk.complete(application, TF2, Map.of("willing", APPLY, "applicationDate", today));
        Map<String, Object> claimed = item(application);
        assertThat(claimed).containsEntry("STATE", "COMPLETED").containsEntry("ASSIGNEE", TF2).containsEntry("COMPLETED_BY", TF2)
                .containsEntry("TOUCHED_AT", claimedAt);

        String meeting = walk.openTask(caseNo, TASK_VILLAGE_MEETING);
        Map<String, Object> variables = Map.of("meetingDate", Map.of("value", today), "minutesRef", Map.of("value", "村评〔2047〕7号"),
                "noticeDate", Map.of("value", today));
        Api.Response completed = api.as("admin").post("/engine-rest/task/{id}/submit-form", Map.of("variables", variables), meeting);
        assertThat(completed.status()).as(completed.toString()).isIn(200, 204);
        assertThat(item(meeting)).containsEntry("STATE", "COMPLETED").containsEntry("COMPLETED_BY", "admin");
    }

    private Map<String, Object> item(String taskId) {
        Map<String, Object> row = new java.util.HashMap<>();
        jdbc.queryForMap("SELECT state, assignee, completed_by, touched_at FROM work_item WHERE task_id = ?", taskId)
                .forEach((k, v) -> row.put(k.toUpperCase(java.util.Locale.ROOT), v));
        return row;
    }

    @Test
    void doneReturnTransferAndUrgeWorkOnTheTownshipReview() {
        String caseNo = register();
        String verify = walk.openTask(caseNo, TASK_VERIFY_HOUSEHOLD);
        walk.complete(verify, TF1, verified());
        walk.complete(walk.openTask(caseNo, TASK_RECORD_APPLICATION), TF2, Map.of("willing", APPLY, "applicationDate", today));
        walk.complete(walk.openTask(caseNo, TASK_VILLAGE_MEETING), TF1, Map.of("meetingDate", today, "minutesRef", "村评〔2047〕1号", "noticeDate", today));
        walk.fireTimers(caseNo);
        String review = walk.openTask(caseNo, TASK_TOWNSHIP_REVIEW);

        // 已办: newest first, with the case's stage now
        JsonNode done = walk.get(TF1, "/api/tasks?scope=done&size=500").path("items");
        List<JsonNode> mine = new ArrayList<>();
        done.forEach(t -> {
            if (caseNo.equals(t.path("caseNo").asText())) {
                mine.add(t);
            }
        });
        assertThat(mine).extracting(t -> t.path("taskDefinitionKey").asText()).containsExactly(TASK_VILLAGE_MEETING, TASK_VERIFY_HOUSEHOLD);
        assertThat(mine).allSatisfy(t -> {
            assertThat(t.path("completedAt").asText()).startsWith(today);
            assertThat(t.path("caseStage").asText()).isEqualTo("TOWNSHIP_REVIEW");
            assertThat(t.path("caseStageLabel").asText()).isEqualTo("乡镇审核");
        });
        // keyset paging: one at a time, the cursor of each page leads to the next, newest first throughout
        JsonNode first = walk.get(TF1, "/api/tasks?scope=done&size=1");
        JsonNode second = walk.get(TF1, "/api/tasks?scope=done&size=1&after={a}", first.path("next").asText());
        assertThat(first.path("items").get(0).path("id").asText()).isEqualTo(done.get(0).path("id").asText());
        assertThat(second.path("items").get(0).path("id").asText()).isEqualTo(done.get(1).path("id").asText());
        assertThat(api.as(TF1).get("/api/tasks?scope=done&after=nonsense").status()).isEqualTo(400);

        // 退回: only visited steps are offered, a reason is required, another township does not see the step
        JsonNode targets = walk.get(LEAD, "/api/tasks/{id}/return-targets", review);
        assertThat(keys(targets)).containsExactly(TASK_VERIFY_HOUSEHOLD, TASK_RECORD_APPLICATION, TASK_VILLAGE_MEETING);
        assertThat(targets.get(1).path("lastAssigneeName").asText()).isNotBlank().isNotEqualTo(TF2);
        Api.Response noReason = api.as(LEAD).post("/api/tasks/{id}/return", Map.of("target", TASK_VERIFY_HOUSEHOLD), review);
        assertThat(noReason.status()).as(noReason.toString()).isEqualTo(400);
        assertThat(noReason.errors()).contains("reason");
        Api.Response notVisited = api.as(LEAD).post("/api/tasks/{id}/return", Map.of("target", TASK_SIGN_AGREEMENT, "reason", "x"), review);
        assertThat(notVisited.status()).isEqualTo(400);
        assertThat(notVisited.errors()).contains("target");
        assertThat(api.as(OTHER_LEAD).get("/api/tasks/{id}/return-targets", review).status()).isEqualTo(404);
        assertThat(api.as(OTHER_LEAD).post("/api/tasks/{id}/return", Map.of("target", TASK_VERIFY_HOUSEHOLD, "reason", "x"), review).status())
                .isEqualTo(404);
        assertThat(api.as(TF1).post("/api/tasks/{id}/return", Map.of("target", TASK_VERIFY_HOUSEHOLD, "reason", "x"), review).status())
                .as("the task force is no candidate of the review").isEqualTo(404);

        Api.Response returned = api.as(LEAD).post("/api/tasks/{id}/return",
                Map.of("target", TASK_RECORD_APPLICATION, "reason", "申请材料缺少签字"), review);
        assertThat(returned.status()).as(returned.toString()).isEqualTo(204);
        JsonNode kase = walk.get("officer", "/api/cases/{c}", caseNo);
        assertThat(kase.path("stage").asText()).isEqualTo("APPLICATION");
        assertThat(kase.path("openTasks")).hasSize(1);
        JsonNode again = kase.path("openTasks").get(0);
        assertThat(again.path("taskDefinitionKey").asText()).isEqualTo(TASK_RECORD_APPLICATION);
        assertThat(again.path("assignee").asText()).as("recreated for whoever completed it last").isEqualTo(TF2);
        JsonNode event = lastEvent(kase, "RETURNED");
        assertThat(event.path("comment").asText()).isEqualTo("申请材料缺少签字");
        assertThat(event.path("actor").asText()).isEqualTo(LEAD);
        assertThat(event.path("taskKey").asText()).isEqualTo(TASK_TOWNSHIP_REVIEW);
        assertThat(kase.path("audit").toString()).contains("退回");
        assertThat(notificationTypes(TF2)).contains("RETURNED");
        // the steps after the target are no longer on the path: from the application, only the verification is behind
        String application = again.path("id").asText();
        assertThat(keys(walk.get(TF2, "/api/tasks/{id}/return-targets", application))).containsExactly(TASK_VERIFY_HOUSEHOLD);

        // 转办: within the same group and township only
        assertThat(api.as(TF2).post("/api/tasks/{id}/transfer", Map.of("userId", OTHER_TF), application).status()).isEqualTo(400);
        Api.Response toLead = api.as(TF2).post("/api/tasks/{id}/transfer", Map.of("userId", LEAD), application);
        assertThat(toLead.status()).isEqualTo(400);
        assertThat(toLead.errors()).contains("userId");
        assertThat(api.as(OTHER_LEAD).post("/api/tasks/{id}/transfer", Map.of("userId", TF1), application).status()).isEqualTo(404);
        Api.Response transferred = api.as(TF2).post("/api/tasks/{id}/transfer", Map.of("userId", TF1, "reason", "休假"), application);
        assertThat(transferred.status()).as(transferred.toString()).isEqualTo(204);
        assertThat(ids(walk.get(TF1, "/api/tasks?scope=mine&size=500"))).contains(application);
        assertThat(ids(walk.get(TF2, "/api/tasks?scope=mine&size=500"))).doesNotContain(application);
        assertThat(lastEvent(walk.get("officer", "/api/cases/{c}", caseNo), "TRANSFERRED").path("details").path("to").asText()).isEqualTo(TF1);

        // 催办: the township's reviewer and the officer may, the task force and other townships may not; the holder hears of it
        assertThat(api.as(TF2).post("/api/tasks/{id}/urge", Map.of(), application).status()).isEqualTo(403);
        assertThat(api.as(OTHER_LEAD).post("/api/tasks/{id}/urge", Map.of(), application).status()).isEqualTo(404);
        assertThat(api.as(LEAD).post("/api/tasks/{id}/urge", Map.of("message", "请尽快补齐签字"), application).status()).isEqualTo(204);
        assertThat(api.as("officer").post("/api/tasks/{id}/urge", Map.of(), application).status()).isEqualTo(204);
        assertThat(notificationTypes(TF1)).contains("URGED");
        JsonNode listed = find(walk.get(TF1, "/api/tasks?scope=mine&size=500"), application);
        assertThat(listed.path("urgeCount").asInt()).isEqualTo(2);
        assertThat(lastEvent(walk.get("officer", "/api/cases/{c}", caseNo), "URGED").path("details").path("urgeCount").asInt()).isEqualTo(2);
    }

    @Test
    void theTaskPageOffersTheOperationsTheUserMayUse() {
        String caseNo = register();
        String verify = walk.openTask(caseNo, TASK_VERIFY_HOUSEHOLD);
        walk.complete(verify, TF1, verified());
        String application = walk.openTask(caseNo, TASK_RECORD_APPLICATION);
        assertThat(api.as(TF1).post("/api/tasks/{id}/claim", Map.of(), application).status()).isEqualTo(204);

        Api.Response holder = api.as(TF1).get("/tasks/{id}", application);
        assertThat(holder.status()).as(holder.toString()).isEqualTo(200);
        assertThat(holder.text()).contains("data-test=\"op-return\"", "data-test=\"op-transfer\"", "data-test=\"op-delegate\"",
                "data-test=\"op-cosign\"", "核实认定").doesNotContain("data-test=\"op-urge\"", TASK_VERIFY_HOUSEHOLD + "(");
        assertThat(api.as(LEAD).post("/api/tasks/{id}/urge", Map.of(), application).status()).isEqualTo(204);
        assertThat(api.as(TF1).get("/tasks/{id}", application).text()).contains("已催办");
    }

    @Test
    void recallWorksUntilTheNextStepIsTakenUp() {
        String caseNo = register();
        String verify = walk.openTask(caseNo, TASK_VERIFY_HOUSEHOLD);
        walk.complete(verify, TF1, verified());
        String application = walk.openTask(caseNo, TASK_RECORD_APPLICATION);

        assertThat(api.as(TF2).post("/api/cases/{c}/recall", Map.of("reason", "x"), caseNo).status()).as("not theirs").isEqualTo(403);
        assertThat(api.as(OTHER_TF).post("/api/cases/{c}/recall", Map.of("reason", "x"), caseNo).status()).isEqualTo(404);
        assertThat(api.as(TF1).post("/api/cases/{c}/recall", Map.of(), caseNo).errors()).contains("reason");
        Api.Response recalled = api.as(TF1).post("/api/cases/{c}/recall", Map.of("reason", "风险等级填错"), caseNo);
        assertThat(recalled.status()).as(recalled.toString()).isEqualTo(204);
        JsonNode kase = walk.get("officer", "/api/cases/{c}", caseNo);
        assertThat(kase.path("stage").asText()).isEqualTo("IDENTIFIED");
        assertThat(kase.path("openTasks")).hasSize(1);
        assertThat(kase.path("openTasks").get(0).path("taskDefinitionKey").asText()).isEqualTo(TASK_VERIFY_HOUSEHOLD);
        assertThat(kase.path("openTasks").get(0).path("assignee").asText()).isEqualTo(TF1);
        assertThat(lastEvent(kase, "RECALLED").path("comment").asText()).isEqualTo("风险等级填错");
        assertThat(walk.openTaskIds(caseNo)).doesNotContain(application);
        // a recalled step is no longer done
        assertThat(ids(walk.get(TF1, "/api/tasks?scope=done&size=500"))).doesNotContain(verify);

        walk.complete(walk.openTask(caseNo, TASK_VERIFY_HOUSEHOLD), TF1, verified());
        String next = walk.openTask(caseNo, TASK_RECORD_APPLICATION);
        assertThat(api.as(TF2).post("/api/tasks/{id}/claim", Map.of(), next).status()).isEqualTo(204);
        Api.Response late = api.as(TF1).post("/api/cases/{c}/recall", Map.of("reason", "再改一次"), caseNo);
        assertThat(late.status()).as(late.toString()).isEqualTo(409);
        assertThat(late.text()).contains("已被认领");
        assertThat(walk.openTask(caseNo, TASK_RECORD_APPLICATION)).isEqualTo(next);
    }

    @Test
    void sixCompletionsOfOneStepAtOnceGiveOne204AndFive409() throws Exception {
        String caseNo = register();
        walk.complete(walk.openTask(caseNo, TASK_VERIFY_HOUSEHOLD), TF1, verified());
        String application = walk.openTask(caseNo, TASK_RECORD_APPLICATION);
        String today = LocalDate.now(TimeConfig.COUNTY_ZONE).toString();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Api.Response>> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String who = i % 2 == 0 ? TF1 : TF2;
            answers.add(pool.submit(() -> {
                go.await();
                return api.as(who).post("/api/tasks/{id}/complete", Map.of("willing", APPLY, "applicationDate", today), application);
            }));
        }
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (java.util.concurrent.Future<Api.Response> f : answers) {
            Api.Response r = f.get(2, java.util.concurrent.TimeUnit.MINUTES);
            statuses.add(r.status());
            assertThat(r.status()).as(r.toString()).isIn(204, 409);
        }
        pool.shutdown();
        assertThat(statuses).containsOnlyOnce(204);
        // the step was done once: the case went on to the village meeting, with one history entry for the application
        JsonNode kase = walk.get("officer", "/api/cases/{c}", caseNo);
        assertThat(kase.path("openTasks")).hasSize(1);
        assertThat(kase.path("openTasks").get(0).path("taskDefinitionKey").asText()).isEqualTo(TASK_VILLAGE_MEETING);
    }

    @Test
    void theVillageMeetingIsRecallableDuringThePublicNoticeUntilTheNoticeIsOver() {
        String today = LocalDate.now(TimeConfig.COUNTY_ZONE).toString();
        String caseNo = register();
        walk.complete(walk.openTask(caseNo, TASK_VERIFY_HOUSEHOLD), TF1, verified());
        walk.complete(walk.openTask(caseNo, TASK_RECORD_APPLICATION), TF2, Map.of("willing", APPLY, "applicationDate", today));
        walk.complete(walk.openTask(caseNo, TASK_VILLAGE_MEETING), TF1, Map.of("meetingDate", today, "minutesRef", "村评〔2047〕9号", "noticeDate", today));
        assertThat(walk.openTaskIds(caseNo)).as("the notice period runs: nobody's step").isEmpty();
        assertThat(walk.timers(caseNo)).hasSize(1);

        // the minutes' number was wrong: the one who recorded the meeting takes it back while the notice runs
        Api.Response recalled = api.as(TF1).post("/api/cases/{c}/recall", Map.of("reason", "评议记录编号填错"), caseNo);
        assertThat(recalled.status()).as(recalled.toString()).isEqualTo(204);
        JsonNode kase = walk.get("officer", "/api/cases/{c}", caseNo);
        assertThat(kase.path("openTasks")).hasSize(1);
        assertThat(kase.path("openTasks").get(0).path("taskDefinitionKey").asText()).isEqualTo(TASK_VILLAGE_MEETING);
        assertThat(kase.path("openTasks").get(0).path("assignee").asText()).isEqualTo(TF1);
        assertThat(lastEvent(kase, "RECALLED").path("comment").asText()).isEqualTo("评议记录编号填错");
        assertThat(walk.timers(caseNo)).as("the notice's timer went with it").isEmpty();

        // recorded again, the notice starts again; once it is over and the review is open, the meeting is the reviewer's
        walk.complete(walk.openTask(caseNo, TASK_VILLAGE_MEETING), TF1, Map.of("meetingDate", today, "minutesRef", "村评〔2047〕10号", "noticeDate", today));
        assertThat(walk.timers(caseNo)).hasSize(1);
        walk.fireTimers(caseNo);
        String review = walk.openTask(caseNo, TASK_TOWNSHIP_REVIEW);
        assertThat(api.as(LEAD).post("/api/tasks/{id}/claim", Map.of(), review).status()).isEqualTo(204);
        assertThat(api.as(TF1).post("/api/cases/{c}/recall", Map.of("reason", "再改"), caseNo).status()).isEqualTo(409);
    }

    @Test
    void delegateAndCosignersGiveTheirOpinionsBeforeTheStepCompletes() {
        String caseNo = register();
        String verify = walk.openTask(caseNo, TASK_VERIFY_HOUSEHOLD);

        // 委派: to the reviewer for an opinion; the step comes back to its holder
        assertThat(api.as(TF1).post("/api/tasks/{id}/delegate", Map.of("userId", OTHER_TF), verify).status()).isEqualTo(400);
        assertThat(api.as(TF1).post("/api/tasks/{id}/delegate", Map.of("userId", LEAD, "comment", "请看一下分类"), verify).status()).isEqualTo(204);
        assertThat(notificationTypes(LEAD)).contains("DELEGATED");
        assertThat(api.as(TF1).post("/api/tasks/{id}/complete", verified(), verify).status()).as("delegated away").isIn(403, 409);
        assertThat(api.as(LEAD).post("/api/tasks/{id}/resolve", Map.of(), verify).errors()).contains("comment");
        assertThat(api.as(LEAD).post("/api/tasks/{id}/resolve", Map.of("comment", "分类为风险区管控"), verify).status()).isEqualTo(204);
        JsonNode kase = walk.get("officer", "/api/cases/{c}", caseNo);
        assertThat(kase.path("openTasks").get(0).path("assignee").asText()).isEqualTo(TF1);
        assertThat(lastEvent(kase, "DELEGATED").path("details").path("to").asText()).isEqualTo(LEAD);
        assertThat(lastEvent(kase, "RESOLVED").path("comment").asText()).isEqualTo("分类为风险区管控");

        // 加签: the step waits for the co-signer's opinion, through /api and /engine-rest alike; 减签 of another
        Api.Response added = api.as(TF1).post("/api/tasks/{id}/cosigners", Map.of("userIds", List.of(TF2, "officer")), verify);
        assertThat(added.status()).as(added.toString()).isEqualTo(204);
        assertThat(notificationTypes(TF2)).contains("COSIGN");
        Api.Response held = api.as(TF1).post("/api/tasks/{id}/complete", verified(), verify);
        assertThat(held.status()).as(held.toString()).isEqualTo(400);
        assertThat(held.errors()).contains("cosigners");
        Map<String, Object> variables = new LinkedHashMap<>();
        verified().forEach((k, v) -> variables.put(k, Map.of("value", v)));
        Api.Response engineRest = api.as(TF1).post("/engine-rest/task/{id}/complete", Map.of("variables", variables), verify);
        assertThat(engineRest.status()).as(engineRest.toString()).isGreaterThanOrEqualTo(400);
        assertThat(engineRest.text()).contains("加签");
        assertThat(walk.openTask(caseNo, TASK_VERIFY_HOUSEHOLD)).as("still open after /engine-rest").isEqualTo(verify);
        assertThat(api.as(TF2).post("/api/tasks/{id}/opinion", Map.of(), verify).errors()).contains("comment");
        assertThat(api.as(OTHER_TF).post("/api/tasks/{id}/opinion", Map.of("comment", "x"), verify).status()).isEqualTo(404);
        assertThat(api.as(TF2).post("/api/tasks/{id}/opinion", Map.of("comment", "同意核实结果"), verify).status()).isEqualTo(204);
        assertThat(api.as(TF2).post("/api/tasks/{id}/opinion", Map.of("comment", "again"), verify).status()).isEqualTo(409);
        assertThat(api.as(TF2).delete("/api/tasks/{id}/cosigners/{u}", verify, "officer").status()).as("only the holder").isIn(403, 409);
        assertThat(api.as(TF1).delete("/api/tasks/{id}/cosigners/{u}", verify, "officer").status()).isEqualTo(204);
        walk.complete(verify, TF1, verified());
        kase = walk.get("officer", "/api/cases/{c}", caseNo);
        assertThat(lastEvent(kase, "COSIGNED").path("details").path("cosigners").toString()).contains(TF2, "officer");
        assertThat(lastEvent(kase, "COSIGN_OPINION").path("comment").asText()).isEqualTo("同意核实结果");
        assertThat(lastEvent(kase, "COSIGNER_REMOVED").path("details").path("cosigner").asText()).isEqualTo("officer");
    }

    @Test
    void theCountyReviewIsCopiedToTheDeputy() {
        String caseNo = register();
        walk.complete(walk.openTask(caseNo, TASK_VERIFY_HOUSEHOLD), TF1, verified());
        walk.complete(walk.openTask(caseNo, TASK_RECORD_APPLICATION), TF1, Map.of("willing", APPLY, "applicationDate", today));
        walk.complete(walk.openTask(caseNo, TASK_VILLAGE_MEETING), TF1, Map.of("meetingDate", today, "minutesRef", "村评〔2047〕2号", "noticeDate", today));
        walk.fireTimers(caseNo);
        walk.complete(walk.openTask(caseNo, TASK_TOWNSHIP_REVIEW), LEAD, Map.of("decision", APPROVE, "visitDate", today));
        walk.complete(walk.openTask(caseNo, TASK_COUNTY_REVIEW), "officer", Map.of("decision", APPROVE));

        JsonNode copy = null;
        for (JsonNode c : walk.get("deputy", "/api/copies?unread=true&size=500").path("items")) {
            if (caseNo.equals(c.path("caseNo").asText())) {
                copy = c;
            }
        }
        assertThat(copy).as("the deputy's unread copy of %s", caseNo).isNotNull();
        assertThat(copy.path("stepName").asText()).isEqualTo("县级审定");
        assertThat(copy.path("fromName").asText()).isNotBlank().isNotEqualTo("officer");
        assertThat(copy.path("read").asBoolean()).isFalse();
        assertThat(notificationTypes("deputy")).contains("COPIED");
        long id = copy.path("id").asLong();
        assertThat(api.as("head").post("/api/copies/{id}/read", Map.of(), id).status()).as("not the head's").isEqualTo(404);
        assertThat(api.as("deputy").post("/api/copies/{id}/read", Map.of(), id).status()).isEqualTo(204);
        assertThat(ids(walk.get("deputy", "/api/copies?unread=true&size=500"))).doesNotContain(String.valueOf(id));
        assertThat(ids(walk.get("deputy", "/api/copies?unread=false&size=500"))).contains(String.valueOf(id));
    }

    // ---- helpers ----

    private String register() {
        return walk.register(TF1, YEAR, TOWNSHIP, VILLAGE, "5组", 1970);
    }

    private Map<String, Object> verified() {
        return Map.of("decision", APPROVE, "membersConfirmed", true, "category", "RISK_ZONE", "riskLevel", "HIGH");
    }

    private static JsonNode lastEvent(JsonNode kase, String type) {
        JsonNode last = null;
        for (JsonNode e : kase.path("history")) {
            if (type.equals(e.path("type").asText())) {
                last = e;
            }
        }
        assertThat(last).as("a %s entry in the history", type).isNotNull();
        return last;
    }

    private List<String> notificationTypes(String user) {
        List<String> out = new ArrayList<>();
        walk.get(user, "/api/notifications?unread=true&size=500").path("items").forEach(n -> out.add(n.path("type").asText()));
        return out;
    }

    private static List<String> keys(JsonNode targets) {
        List<String> out = new ArrayList<>();
        targets.forEach(t -> out.add(t.path("taskKey").asText()));
        return out;
    }

    private static List<String> ids(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.path("items").forEach(t -> out.add(t.path("id").asText()));
        return out;
    }

    private static JsonNode find(JsonNode page, String id) {
        for (JsonNode t : page.path("items")) {
            if (id.equals(t.path("id").asText())) {
                return t;
            }
        }
        throw new AssertionError("task " + id + " not listed");
    }

}
