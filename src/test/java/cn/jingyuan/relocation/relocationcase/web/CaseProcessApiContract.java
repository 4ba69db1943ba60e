package cn.jingyuan.relocation.relocationcase.web;

import static cn.jingyuan.relocation.relocationcase.process.RelocationCaseProcess.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.fasterxml.jackson.databind.JsonNode;

import cn.jingyuan.relocation.shared.TimeConfig;
import cn.jingyuan.relocation.support.Api;
import cn.jingyuan.relocation.support.People;

/**
 * One household's whole case over HTTP, from registration to the archived case file, each step done by the demo
 * account whose job it is, timers and background jobs fired by {@code admin} through the engine REST API as the
 * contract says. At every step the open task is in the task lists ({@code GET /api/tasks?scope=all}) of exactly
 * the people who may do or supervise it (the county officer sees every task) and in nobody else's. Run once on the
 * embedded H2 and once on MariaDB; the household is of 新民乡 for plan year {@value #YEAR}, which nothing else uses.
 */
abstract class CaseProcessApiContract {

    static final int YEAR = 2042;
    static final String TOWNSHIP = "新民乡";
    static final String VILLAGE = "试点三村";
    static final String TF1 = "xinmin.tf1";
    static final String TF2 = "xinmin.tf2";
    static final String LEAD = "xinmin.lead";
    static final String OTHER_TF = "dawan.tf1";
    static final String OTHER_LEAD = "dawan.lead";
    static final String OFFICER = "officer";
    static final String FINANCE = "finance";
    static final String DEPUTY = "deputy";
    static final String HEAD = "head";

    /** Everyone whose task list is looked at, at every step. */
    static final List<String> OBSERVERS = List.of(TF1, TF2, LEAD, OTHER_TF, OTHER_LEAD, OFFICER, FINANCE, DEPUTY, HEAD);
    static final Set<String> TASK_FORCE_STEP = Set.of(TF1, TF2, LEAD, OFFICER);
    static final Set<String> REVIEWER_STEP = Set.of(LEAD, OFFICER);
    static final Set<String> COUNTY_STEP = Set.of(OFFICER);
    static final Set<String> FINANCE_STEP = Set.of(FINANCE, OFFICER);
    static final Set<String> LEADER_STEP = Set.of(DEPUTY, OFFICER);

    @LocalServerPort
    int port;

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    Api api;
    String today;

    @BeforeEach
    void connect() {
        api = Api.at(port);
        today = LocalDate.now(TimeConfig.COUNTY_ZONE).toString();
    }

    /**
     * The indexes the application adds to the engine's tables are there once it has started (created after the
     * engine's tables): the task list's on the candidate links, and the one every completion's subtask lookup needs.
     */
    @Test
    void theIndexesAddedToTheEnginesTablesExist(@org.springframework.beans.factory.annotation.Autowired javax.sql.DataSource dataSource)
            throws java.sql.SQLException {
        assertThat(indexColumns(dataSource, "ACT_RU_IDENTITYLINK", "IX_TASKLIST_GROUP_TASK")).containsExactly("GROUP_ID_", "TYPE_", "TASK_ID_");
        assertThat(indexColumns(dataSource, "ACT_RU_TASK", "IX_TASK_PARENT_TASK")).containsExactly("PARENT_TASK_ID_");
    }

    private static List<String> indexColumns(javax.sql.DataSource dataSource, String table, String index) throws java.sql.SQLException {
        List<String> columns = new ArrayList<>();
        try (java.sql.Connection c = dataSource.getConnection()) {
            for (String name : List.of(table, table.toLowerCase())) {
                try (java.sql.ResultSet rs = c.getMetaData().getIndexInfo(c.getCatalog(), null, name, false, false)) {
                    while (rs.next()) {
                        if (index.equalsIgnoreCase(rs.getString("INDEX_NAME"))) {
                            columns.add(rs.getString("COLUMN_NAME").toUpperCase());
                        }
                    }
                }
            }
        }
        return columns;
    }

    @Test
    void oneHouseholdGoesFromIdentificationToItsArchivedCaseFileByTheRightPeopleOnly() {
        // the task force registers the household; its case opens
        People.Person head = People.person(1963, true, "户主");
        People.Person wife = People.person(1965, false, "配偶");
        People.Person son = People.person(1991, true, "子");
        Api.Response registered = api.as(TF1).post("/api/households", household(head, wife, son));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        String caseNo = registered.json().path("caseNo").asText();
        assertThat(caseNo).matches("640424-" + YEAR + "-\\d{4}");
        assertListedAt(caseNo, "IDENTIFIED");

        // 核实认定 by the task force: the list shows what the contract promises
        String verify = openTask(caseNo, TASK_VERIFY_HOUSEHOLD, "IDENTIFIED");
        assertSeenExactlyBy(verify, "IDENTIFIED", TASK_FORCE_STEP);
        JsonNode listed = listOf(TF1, "IDENTIFIED").stream().filter(t -> t.path("id").asText().equals(verify)).findFirst().orElseThrow();
        assertThat(listed.path("caseNo").asText()).isEqualTo(caseNo);
        assertThat(listed.path("township").asText()).isEqualTo(TOWNSHIP);
        assertThat(listed.path("village").asText()).isEqualTo(VILLAGE);
        assertThat(listed.path("headName").asText()).isEqualTo(head.name());
        assertThat(listed.path("due").asText()).isNotBlank();
        assertThat(listed.has("assignee")).isFalse();
        // nobody else may do it: another township's task force and finance do not even see it, the reviewer is not a candidate
        Map<String, Object> verified = Map.of("decision", APPROVE, "membersConfirmed", true, "category", "RISK_ZONE", "riskLevel", "HIGH");
        assertThat(api.as(OTHER_TF).post("/api/tasks/{id}/complete", verified, verify).status()).isEqualTo(404);
        assertThat(api.as(FINANCE).post("/api/tasks/{id}/complete", verified, verify).status()).isEqualTo(404);
        assertThat(api.as(LEAD).post("/api/tasks/{id}/complete", verified, verify).status()).isEqualTo(403);
        complete(verify, TF1, Map.of("membersConfirmed", true));
        assertThat(api.as(TF1).post("/api/tasks/{id}/complete", verified, verify).status()).as("done already").isEqualTo(409);

        step(caseNo, TASK_RECORD_APPLICATION, "APPLICATION", TASK_FORCE_STEP, TF2, Map.of("applicationDate", today));
        step(caseNo, TASK_VILLAGE_MEETING, "PUBLIC_NOTICE", TASK_FORCE_STEP, TF1,
                Map.of("meetingDate", today, "minutesRef", "杨堡村评〔2042〕1号", "noticeDate", today));
        assertWaiting(caseNo, "PUBLIC_NOTICE");

        // the seven-day notice: only admin may skip it, through the engine REST API
        String pid = processInstanceId(caseNo);
        JsonNode timers = api.as("admin").get("/engine-rest/job?processInstanceId={p}&timers=true", pid).json();
        assertThat(timers).hasSize(1);
        assertThat(api.as(TF1).post("/engine-rest/job/{id}/execute", Map.of(), timers.get(0).path("id").asText()).status()).isEqualTo(403);
        fireJob(timers.get(0));

        // 乡镇审核: a return without a reason is refused and nothing moves
        String review = openTask(caseNo, TASK_TOWNSHIP_REVIEW, "TOWNSHIP_REVIEW");
        assertSeenExactlyBy(review, "TOWNSHIP_REVIEW", REVIEWER_STEP);
        Api.Response noReason = api.as(LEAD).post("/api/tasks/{id}/complete", Map.of("decision", RETURN, "visitDate", today), review);
        assertThat(noReason.status()).as(noReason.toString()).isEqualTo(400);
        assertThat(noReason.errors()).contains("comment");
        assertThat(openTask(caseNo, TASK_TOWNSHIP_REVIEW)).isEqualTo(review);
        complete(review, LEAD, Map.of("visitDate", today, "comment", "入户核实无误"));

        step(caseNo, TASK_COUNTY_REVIEW, "COUNTY_REVIEW", COUNTY_STEP, OFFICER, Map.of("comment", "符合搬迁条件"));
        assertWaiting(caseNo, "AWAITING_BATCH_APPROVAL");

        // the leaders' batch: the officer gathers it, the deputy county head decides, and nobody else may
        Api.Response created = api.as(OFFICER).post("/api/batches", Map.of("year", YEAR, "title", YEAR + "年第一批(测试)", "caseNos", List.of(caseNo)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long batchId = created.json().path("id").asLong();
        String leaderTask = listOf(DEPUTY, null).stream().filter(t -> t.path("businessKey").asText().equals("batch-" + batchId))
                .map(t -> t.path("id").asText()).findFirst().orElseThrow();
        assertSeenExactlyBy(leaderTask, null, LEADER_STEP);
        Map<String, Object> approval = Map.of("decision", APPROVE, "comment", "同意", "documentNo", "泾政发〔2042〕1号");
        assertThat(api.as(OFFICER).post("/api/batches/{id}/decision", approval, batchId).status()).isEqualTo(403);
        assertThat(api.as(HEAD).post("/api/batches/{id}/decision", approval, batchId).status()).isEqualTo(403);
        Api.Response decided = api.as(DEPUTY).post("/api/batches/{id}/decision", approval, batchId);
        assertThat(decided.status()).as(decided.toString()).isEqualTo(200);
        assertThat(decided.json().path("status").asText()).isEqualTo("APPROVED");
        assertWaiting(caseNo, "AWAITING_BATCH_APPROVAL");
        runBatchDecision(batchId);

        String agreement = openTask(caseNo, TASK_SIGN_AGREEMENT, "AGREEMENT");
        assertSeenExactlyBy(agreement, "AGREEMENT", TASK_FORCE_STEP);
        assertThat(formDefault(agreement, TF1, VAR_CONFIRMED_SUBSIDY).asDouble()).isEqualTo(200000.0);
        complete(agreement, TF1, Map.of("agreementDate", today, "agreementRef", "XM2042-001", "demolitionCommitment", true));

        String firstTranche = openTask(caseNo, TASK_PAY_AGREEMENT_TRANCHE, "AGREEMENT");
        assertSeenExactlyBy(firstTranche, "AGREEMENT", FINANCE_STEP);
        assertThat(formDefault(firstTranche, FINANCE, VAR_PAYMENT_AMOUNT).asDouble()).isEqualTo(100000.0);
        complete(firstTranche, FINANCE, Map.of("paymentDate", today, "voucherNo", "CZ2042-0101"));

        step(caseNo, TASK_RESETTLEMENT_SUBSIDY, "RESETTLEMENT", TASK_FORCE_STEP, TF1, Map.of("proofRef", "购房合同XM-2042-07"));
        step(caseNo, TASK_MOVE_IN, "MOVE_IN", TASK_FORCE_STEP, TF1, Map.of("moveInDate", today, "newAddress", "泾源县城安置小区3-2-501"));

        // the demolition deadline passes (admin fires it): the reviewer is reminded, the demolition stays the task force's
        String demolition = openTask(caseNo, TASK_DEMOLISH_OLD_HOUSE, "DEMOLITION");
        JsonNode deadline = api.as("admin").get("/engine-rest/job?processInstanceId={p}&timers=true", pid).json();
        assertThat(deadline).hasSize(1);
        fireJob(deadline.get(0));
        assertThat(get(OFFICER, "/api/cases/{c}", caseNo).path("demolitionOverdue").asBoolean()).isTrue();
        assertThat(openTask(caseNo, TASK_DEMOLISH_OLD_HOUSE)).isEqualTo(demolition);
        String reminder = openTask(caseNo, TASK_DEMOLITION_REMINDER);
        assertSeenExactlyBy(reminder, "DEMOLITION", REVIEWER_STEP);
        complete(reminder, LEAD, Map.of("followUp", "已约谈户主,限期一周拆除"));
        assertSeenExactlyBy(demolition, "DEMOLITION", TASK_FORCE_STEP);
        complete(demolition, TF1, Map.of("demolitionDate", today, "photoRef", "IMG_XM2042_0001"));
        JsonNode demolished = get(OFFICER, "/api/cases/{c}", caseNo);
        assertThat(demolished.path("stage").asText()).isEqualTo("RECLAMATION");
        assertThat(demolished.path("demolitionOverdue").asBoolean()).isFalse();

        step(caseNo, TASK_RECLAIM_HOMESTEAD, "RECLAMATION", TASK_FORCE_STEP, TF1, Map.of("reclamationDate", today, "certificateReturned", true));
        step(caseNo, TASK_TOWNSHIP_INSPECTION, "ACCEPTANCE", REVIEWER_STEP, LEAD, Map.of("inspectionDate", today));
        step(caseNo, TASK_COUNTY_INSPECTION, "ACCEPTANCE", COUNTY_STEP, OFFICER, Map.of("inspectionDate", today, "comment", "复验合格"));

        String lastTranche = openTask(caseNo, TASK_PAY_ACCEPTANCE_TRANCHE, "PAYMENT");
        assertSeenExactlyBy(lastTranche, "PAYMENT", FINANCE_STEP);
        assertThat(formDefault(lastTranche, FINANCE, VAR_PAYMENT_AMOUNT).asDouble()).isEqualTo(100000.0);
        complete(lastTranche, FINANCE, Map.of("paymentDate", today, "voucherNo", "CZ2042-0102"));
        assertWaiting(caseNo, "PAYMENT");

        // 归档 runs in a background job: admin fires it
        JsonNode archiveJob = api.as("admin").get("/engine-rest/job?processInstanceId={p}", pid).json();
        assertThat(archiveJob).hasSize(1);
        fireJob(archiveJob.get(0));
        JsonNode archived = get(OFFICER, "/api/cases/{c}", caseNo);
        assertThat(archived.path("stage").asText()).isEqualTo("ARCHIVED");
        assertThat(archived.path("closed").asBoolean()).isTrue();
        assertThat(archived.path("openTasks")).isEmpty();
        assertListedAt(caseNo, "ARCHIVED");
        assertThat(api.as("admin").get("/engine-rest/process-instance?businessKey={k}", caseNo).json()).isEmpty();

        // the history, as the case shows it
        List<JsonNode> steps = new ArrayList<>();
        archived.path("history").forEach(e -> {
            if (e.path("type").asText().equals("TASK_COMPLETED")) {
                steps.add(e);
            }
        });
        assertThat(steps).extracting(e -> e.path("taskKey").asText(), e -> e.path("actor").asText(), e -> e.path("decision").asText(null))
                .containsExactly(
                        tuple(TASK_VERIFY_HOUSEHOLD, TF1, APPROVE),
                        tuple(TASK_RECORD_APPLICATION, TF2, APPLY),
                        tuple(TASK_VILLAGE_MEETING, TF1, null),
                        tuple(TASK_TOWNSHIP_REVIEW, LEAD, APPROVE),
                        tuple(TASK_COUNTY_REVIEW, OFFICER, APPROVE),
                        tuple(TASK_SIGN_AGREEMENT, TF1, null),
                        tuple(TASK_PAY_AGREEMENT_TRANCHE, FINANCE, null),
                        tuple(TASK_RESETTLEMENT_SUBSIDY, TF1, null),
                        tuple(TASK_MOVE_IN, TF1, null),
                        tuple(TASK_DEMOLITION_REMINDER, LEAD, null),
                        tuple(TASK_DEMOLISH_OLD_HOUSE, TF1, null),
                        tuple(TASK_RECLAIM_HOMESTEAD, TF1, "RECLAIMED"),
                        tuple(TASK_TOWNSHIP_INSPECTION, LEAD, APPROVE),
                        tuple(TASK_COUNTY_INSPECTION, OFFICER, APPROVE),
                        tuple(TASK_PAY_ACCEPTANCE_TRANCHE, FINANCE, null));
        assertThat(archived.path("payments")).extracting(p -> p.path("trancheNo").asInt(), p -> p.path("amount").decimalValue().intValue(),
                p -> p.path("voucherNo").asText()).containsExactly(tuple(1, 100000, "CZ2042-0101"), tuple(2, 100000, "CZ2042-0102"));

        // 一户一档: one HTML document with the household, its members, every step and the payments
        Api.Response file = api.as(OFFICER).get("/api/cases/{c}/file", caseNo);
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.contentType().toString()).startsWith("text/html");
        assertThat(file.headers().getFirst("Content-Disposition")).contains("attachment");
        String html = file.text();
        assertThat(html).contains(caseNo, TOWNSHIP, VILLAGE, "归档办结", head.name(), wife.name(), son.name(), "3人", "补助安置",
                "200000.00");
        for (People.Person p : List.of(head, wife, son)) {
            assertThat(html).contains(p.idNumber().substring(0, 6) + "********" + p.idNumber().substring(14)).doesNotContain(p.idNumber());
        }
        assertFileRow(html, "核实认定", TF1, "同意");
        assertFileRow(html, "自愿申请", TF2, "申请搬迁");
        assertFileRow(html, "村级评议并张榜公示", TF1, "杨堡村评〔2042〕1号");
        assertFileRow(html, "乡镇审核", LEAD, "入户核实无误");
        assertFileRow(html, "县级审定", OFFICER, "符合搬迁条件");
        assertFileRow(html, "领导批次审批", DEPUTY, "泾政发〔2042〕1号");
        assertFileRow(html, "签订搬迁协议", TF1, "XM2042-001");
        assertFileRow(html, "拨付首期补助", FINANCE, "CZ2042-0101");
        assertFileRow(html, "补助安置:落实房源", TF1, "购房合同XM-2042-07");
        assertFileRow(html, "搬迁入住", TF1, "泾源县城安置小区3-2-501");
        assertFileRow(html, "督办旧房拆除", LEAD, "已约谈户主");
        assertFileRow(html, "拆除旧房", TF1, "IMG_XM2042_0001");
        assertFileRow(html, "宅基地复垦", TF1, "已复垦");
        assertFileRow(html, "乡镇初验", LEAD, "同意");
        assertFileRow(html, "县级复验", OFFICER, "复验合格");
        assertFileRow(html, "拨付剩余补助", FINANCE, "CZ2042-0102");
        assertThat(html).contains("<td>第1期</td><td>签订协议后</td><td>100000.00</td><td>" + today + "</td><td>CZ2042-0101</td><td>finance</td>");
        assertThat(html).contains("<td>第2期</td><td>验收后</td><td>100000.00</td><td>" + today + "</td><td>CZ2042-0102</td><td>finance</td>");
        // the township's own people may download it too; another township may not see it
        assertThat(api.as(TF1).get("/api/cases/{c}/file", caseNo).status()).isEqualTo(200);
        assertThat(api.as(OTHER_TF).get("/api/cases/{c}/file", caseNo).status()).isEqualTo(404);

        // what the steps recorded in the case file never became an engine variable: no variable rows, no history of them
        String instance = jdbc.queryForObject("SELECT process_instance_id FROM household WHERE case_no = ?", String.class, caseNo);
        List<String> historized = jdbc.queryForList("SELECT DISTINCT NAME_ FROM ACT_HI_VARINST WHERE PROC_INST_ID_ = ?", String.class,
                instance);
        assertThat(historized).contains(VAR_HOUSEHOLD_ID).doesNotContain(VAR_COMMENT, VAR_DECISION, VAR_WILLING, "voucherNo", "paymentDate",
                "moveInDate", "demolitionDate");
    }

    // ---- steps ----

    /** The case's one open task {@code taskKey}: seen by exactly {@code viewers}, then completed by {@code actor}. */
    private void step(String caseNo, String taskKey, String stage, Set<String> viewers, String actor, Map<String, Object> fields) {
        String id = openTask(caseNo, taskKey, stage);
        assertSeenExactlyBy(id, stage, viewers);
        complete(id, actor, fields);
    }

    /** Completes the task as {@code actor} does in the browser: the form's proposed values, and what the person fills in. */
    private void complete(String taskId, String actor, Map<String, Object> fields) {
        Api.Response form = api.as(actor).get("/api/tasks/{id}/form", taskId);
        assertThat(form.status()).as("%s opens the form: %s", actor, form).isEqualTo(200);
        Map<String, Object> body = new LinkedHashMap<>();
        form.json().path("fields").forEach(f -> {
            if (f.hasNonNull("default")) {
                body.put(f.path("name").asText(), f.path("default").isNumber() ? f.path("default").numberValue() : f.path("default").asText());
            }
        });
        body.putAll(fields);
        Api.Response done = api.as(actor).post("/api/tasks/{id}/complete", body, taskId);
        assertThat(done.status()).as("%s completes %s: %s", actor, taskId, done).isEqualTo(204);
    }

    private JsonNode formDefault(String taskId, String user, String field) {
        for (JsonNode f : get(user, "/api/tasks/{id}/form", taskId).path("fields")) {
            if (f.path("name").asText().equals(field)) {
                return f.path("default");
            }
        }
        throw new AssertionError("no field " + field);
    }

    /** The id of the case's open task {@code taskKey} (there is exactly one). */
    private String openTask(String caseNo, String taskKey) {
        return openTask(caseNo, taskKey, null);
    }

    /** The id of the case's open task {@code taskKey} (there is exactly one), the case being at {@code stage}. */
    private String openTask(String caseNo, String taskKey, String stage) {
        JsonNode kase = get(OFFICER, "/api/cases/{c}", caseNo);
        if (stage != null) {
            assertThat(kase.path("stage").asText()).as("stage of %s", caseNo).isEqualTo(stage);
        }
        List<String> ids = new ArrayList<>();
        kase.path("openTasks").forEach(t -> {
            if (t.path("taskDefinitionKey").asText().equals(taskKey)) {
                ids.add(t.path("id").asText());
            }
        });
        assertThat(ids).as("open %s of %s", taskKey, caseNo).hasSize(1);
        return ids.get(0);
    }


    /** The task is in the {@code scope=all} list of each of {@code viewers} and of no other observer. */
    private void assertSeenExactlyBy(String taskId, String stage, Set<String> viewers) {
        Set<String> seenBy = new TreeSet<>();
        for (String user : OBSERVERS) {
            if (listOf(user, stage).stream().anyMatch(t -> t.path("id").asText().equals(taskId))) {
                seenBy.add(user);
            }
        }
        assertThat(seenBy).as("whose task lists show task %s", taskId).isEqualTo(new TreeSet<>(viewers));
    }

    /** Every task in {@code user}'s {@code GET /api/tasks?scope=all} (of one stage, when given), page by page. */
    private List<JsonNode> listOf(String user, String stage) {
        List<JsonNode> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int page = 0; ; page++) {
            Api.Response r = stage == null ? api.as(user).get("/api/tasks?scope=all&size=500&page={p}", page)
                    : api.as(user).get("/api/tasks?scope=all&stage={s}&size=500&page={p}", stage, page);
            assertThat(r.status()).as("%s's task list: %s", user, r).isEqualTo(200);
            JsonNode items = r.json().path("items");
            items.forEach(t -> {
                if (seen.add(t.path("id").asText())) {
                    out.add(t);
                }
            });
            if (items.size() < 500) {
                return out;
            }
        }
    }

    // ---- the engine, as admin ----

    private String processInstanceId(String caseNo) {
        JsonNode instances = api.as("admin").get("/engine-rest/process-instance?businessKey={k}", caseNo).json();
        assertThat(instances).hasSize(1);
        return instances.get(0).path("id").asText();
    }

    private void fireJob(JsonNode job) {
        Api.Response r = api.as("admin").post("/engine-rest/job/{id}/execute", Map.of(), job.path("id").asText());
        assertThat(r.status()).as("admin fires job %s: %s", job, r).isEqualTo(204);
    }

    /**
     * What the job executor would do after the final decision: the batch process's asynchronous step, then the jobs it
     * created that advance the cases (and those of any engine batch a failed case was handed to), until none is left.
     */
    private void runBatchDecision(long batchId) {
        JsonNode batchProcess = api.as("admin").get("/engine-rest/process-instance?businessKey=batch-{id}", batchId).json();
        assertThat(batchProcess).hasSize(1);
        JsonNode apply = api.as("admin").get("/engine-rest/job?processInstanceId={p}", batchProcess.get(0).path("id").asText()).json();
        assertThat(apply).hasSize(1);
        Set<String> before = new HashSet<>();
        api.as("admin").get("/engine-rest/job").json().forEach(j -> before.add(j.path("id").asText()));
        fireJob(apply.get(0));
        for (JsonNode job : api.as("admin").get("/engine-rest/job?messages=true").json()) {
            if (!before.contains(job.path("id").asText()) && job.path("jobDefinitionId").isNull()) {
                fireJob(job);
            }
        }
        for (int round = 0; round < 10; round++) {
            JsonNode batches = api.as("admin").get("/engine-rest/batch").json();
            if (batches.isEmpty()) {
                return;
            }
            for (JsonNode b : batches) {
                for (String definition : List.of("seedJobDefinitionId", "batchJobDefinitionId", "monitorJobDefinitionId")) {
                    for (JsonNode job : api.as("admin").get("/engine-rest/job?jobDefinitionId={d}", b.path(definition).asText()).json()) {
                        fireJob(job);
                    }
                }
            }
        }
        throw new AssertionError("engine batches still running: " + api.as("admin").get("/engine-rest/batch").text());
    }

    // ---- reading ----

    /** The case is at {@code stage} with no task open: it waits for a timer, a batch or a background job. */
    private void assertWaiting(String caseNo, String stage) {
        JsonNode kase = get(OFFICER, "/api/cases/{c}", caseNo);
        assertThat(kase.path("stage").asText()).as("stage of %s", caseNo).isEqualTo(stage);
        assertThat(kase.path("openTasks")).as("open tasks of %s", caseNo).isEmpty();
    }

    /** The stage as the household list shows it to the township. */
    private void assertListedAt(String caseNo, String stage) {
        assertThat(get(TF1, "/api/households?year={y}&q={c}", YEAR, caseNo).path("items").get(0).path("stage").asText()).isEqualTo(stage);
    }

    /** The case file's history has a row for {@code step}, by {@code actor}, today, showing {@code text}. */
    private void assertFileRow(String html, String step, String actor, String text) {
        String section = html.substring(html.indexOf("三、办理过程"), html.indexOf("四、补助资金拨付"));
        // a row: time, stage, step, who, decision, comment, what was recorded
        List<String[]> rows = List.of(section.split("<tr>")).stream().map(r -> r.split("</td>"))
                .filter(cells -> cells.length > 3 && cells[2].equals("<td>" + step)).toList();
        assertThat(rows).as("case file rows of %s", step).hasSize(1);
        String[] row = rows.get(0);
        assertThat(row[0]).startsWith("<td>" + today + " ");
        assertThat(row[3]).endsWith("(" + actor + ")");
        assertThat(String.join("", row)).contains(text);
    }

    private JsonNode get(String user, String uri, Object... variables) {
        Api.Response r = api.as(user).get(uri, variables);
        assertThat(r.status()).as("GET %s as %s: %s", uri, user, r).isEqualTo(200);
        return r.json();
    }

    private static Map<String, Object> household(People.Person... people) {
        List<Map<String, Object>> members = new ArrayList<>();
        for (People.Person p : people) {
            members.add(Map.of("name", p.name(), "idNumber", p.idNumber(), "relation", p.relation()));
        }
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("planYear", YEAR);
        h.put("township", TOWNSHIP);
        h.put("village", VILLAGE);
        h.put("villageGroup", "2组");
        h.put("category", "风险区管控");
        h.put("riskLevel", "高");
        h.put("phone", People.mobile());
        h.put("declaredSize", people.length);
        h.put("members", members);
        return h;
    }
}
