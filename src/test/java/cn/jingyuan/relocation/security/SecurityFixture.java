package cn.jingyuan.relocation.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.runtime.Job;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import cn.jingyuan.relocation.support.Api;
import cn.jingyuan.relocation.support.Ledger;

/**
 * The records the security tests ask for, built once per application context over the API, as the working group
 * would: households of plan year {@link #YEAR} (which nothing else uses) in 新民乡 ({@link #OWN}) and one in 兴盛乡
 * ({@link #OTHER}), their cases at the stages the tests need, and two batches. Nothing of the demo data is changed.
 * <ul>
 * <li>{@link #household}: at 核实认定, its task unclaimed ({@link #task});</li>
 * <li>{@link #heldTask}: another household's 核实认定 task, claimed by {@code xinmin.tf2};</li>
 * <li>{@link #noticeCase}: a case in the public notice (村级评议公示);</li>
 * <li>{@link #batchCase}: a case waiting for the leaders, in batch {@link #batch} (waiting for the deputy); batch
 * {@link #withdrawnBatch} held it before and was withdrawn by its author, {@code officer};</li>
 * <li>{@link #otherHousehold}: a household of 兴盛乡 at 核实认定.</li>
 * </ul>
 */
final class SecurityFixture {

    /** The plan year of every household here. */
    static final int YEAR = 2061;
    static final String OWN = "xinmin";
    static final String OWN_NAME = "新民乡";
    static final String OWN_CODE = "640424200";
    static final String OTHER = "xingsheng";
    static final String OTHER_NAME = "兴盛乡";
    static final String OTHER_CODE = "640424201";
    /** Villages nobody else uses. */
    static final String VILLAGE = "安防测试一村";
    static final String OTHER_VILLAGE = "安防测试二村";
    /** An account in no group at all (password {@code demo}): as if created in Camunda Admin and never given a role. */
    static final String NO_ROLE = "sec.norole";

    private static final Map<Integer, SecurityFixture> BUILT = new ConcurrentHashMap<>();

    final Ledger ledger;
    final long household;
    final String caseNo;
    final String task;
    final String headName;
    final String headId;
    final String heldCase;
    final String heldTask;
    final String noticeCase;
    final String batchCase;
    final long batch;
    final long withdrawnBatch;
    final long village;
    final long otherHousehold;
    final String otherCaseNo;
    final String otherHeadName;
    final String otherTask;

    /** The fixture of the application on {@code port}, built on first use. */
    static synchronized SecurityFixture of(int port, ApplicationContext context) {
        return BUILT.computeIfAbsent(port, p -> new SecurityFixture(Api.at(p), context.getBean(ManagementService.class),
                context.getBean(JdbcTemplate.class), context.getBean(IdentityService.class)));
    }

    private SecurityFixture(Api api, ManagementService management, JdbcTemplate jdbc, IdentityService identity) {
        if (identity.createUserQuery().userId(NO_ROLE).count() == 0) {
            User u = identity.newUser(NO_ROLE);
            u.setFirstName("无岗位");
            u.setLastName("测试");
            u.setPassword("demo");
            identity.saveUser(u);
        }
        ledger = Ledger.create()
                .household(YEAR, OWN_NAME, VILLAGE, 3)
                .household(YEAR, OWN_NAME, VILLAGE, 2)
                .household(YEAR, OWN_NAME, VILLAGE, 2)
                .household(YEAR, OWN_NAME, VILLAGE, 4)
                .household(YEAR, OTHER_NAME, OTHER_VILLAGE, 2);
        Api.Response imported = api.as("officer").upload("/api/households/import", "安防测试台账.csv", ledger.csv());
        assertThat(imported.status()).as(imported.toString()).isEqualTo(200);
        List<Integer> heads = ledger.headRows();

        JsonNode first = householdOf(api, ledger.get(heads.get(0), "户主身份证号"));
        household = first.path("id").asLong();
        caseNo = first.path("caseNo").asText();
        headName = first.path("headName").asText();
        headId = ledger.get(heads.get(0), "户主身份证号");
        task = openTask(api, caseNo, "Task_VerifyHousehold");

        heldCase = householdOf(api, ledger.get(heads.get(1), "户主身份证号")).path("caseNo").asText();
        heldTask = openTask(api, heldCase, "Task_VerifyHousehold");
        expect(api.as(OWN + ".tf2").post("/api/tasks/{id}/claim", Map.of(), heldTask), 204);

        noticeCase = householdOf(api, ledger.get(heads.get(2), "户主身份证号")).path("caseNo").asText();
        complete(api, noticeCase, "Task_VerifyHousehold", OWN + ".tf1");
        complete(api, noticeCase, "Task_RecordApplication", OWN + ".tf1");

        batchCase = householdOf(api, ledger.get(heads.get(3), "户主身份证号")).path("caseNo").asText();
        complete(api, batchCase, "Task_VerifyHousehold", OWN + ".tf1");
        complete(api, batchCase, "Task_RecordApplication", OWN + ".tf1");
        complete(api, batchCase, "Task_VillageMeeting", OWN + ".tf1");
        String pid = jdbc.queryForObject("SELECT process_instance_id FROM household WHERE case_no = ?", String.class, batchCase);
        Job timer = management.createJobQuery().processInstanceId(pid).timers().singleResult();
        management.executeJob(timer.getId());
        complete(api, batchCase, "Task_TownshipReview", OWN + ".lead");
        complete(api, batchCase, "Task_CountyReview", "officer");
        JsonNode waiting = api.as("officer").get("/api/cases/{c}", batchCase).json();
        assertThat(waiting.path("stage").asText()).as(waiting.toString()).isEqualTo("AWAITING_BATCH_APPROVAL");
        withdrawnBatch = createBatch(api, "安防测试批次(已撤回)");
        expect(api.as("officer").post("/api/batches/{id}/withdraw", Map.of(), withdrawnBatch), 200);
        batch = createBatch(api, "安防测试批次");

        JsonNode other = householdOf(api, ledger.get(heads.get(4), "户主身份证号"));
        otherHousehold = other.path("id").asLong();
        otherCaseNo = other.path("caseNo").asText();
        otherHeadName = other.path("headName").asText();
        otherTask = openTask(api, otherCaseNo, "Task_VerifyHousehold");

        village = jdbc.queryForObject("SELECT id FROM village WHERE township_code = ? AND name = ?", Long.class, OWN_CODE, VILLAGE);
    }

    /** Every case number of this fixture's 新民乡 households. */
    List<String> ownCaseNos() {
        return List.of(caseNo, heldCase, noticeCase, batchCase);
    }

    /** The ledger of {@link #household} alone, as it was imported: importing it again changes nothing. */
    Ledger ownLedger() {
        Ledger own = Ledger.create();
        for (int row : ledger.householdRows(ledger.headRows().get(0))) {
            own.row(Ledger.HEADERS.stream().map(h -> ledger.get(row, h)).toArray(String[]::new));
        }
        return own;
    }

    /** {@link #household} as a {@code POST /api/households} body: the same head, year and people, so a duplicate. */
    Map<String, Object> householdRequest() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("planYear", YEAR);
        r.put("township", OWN_NAME);
        r.put("village", VILLAGE);
        r.put("category", "RISK_ZONE");
        r.put("riskLevel", "HIGH");
        r.put("members", ledger.householdRows(ledger.headRows().get(0)).stream().map(row -> Map.of("name", ledger.get(row, "姓名"),
                "idNumber", ledger.get(row, "身份证号"), "relation", ledger.get(row, "与户主关系"))).toList());
        return r;
    }

    /** The 新民乡 heads' names: no answer to a 兴盛乡 user may contain them. */
    List<String> ownHeadNames() {
        return ledger.headRows().subList(0, 4).stream().map(r -> ledger.get(r, "姓名")).toList();
    }

    /** Every identity number of the fixture's people. */
    List<String> identityNumbers() {
        return java.util.stream.IntStream.rangeClosed(1, ledger.size()).mapToObj(r -> ledger.get(r, "身份证号")).toList();
    }

    private long createBatch(Api api, String title) {
        Api.Response created = api.as("officer").post("/api/batches", Map.of("year", YEAR, "title", title, "caseNos", List.of(batchCase)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("id").asLong();
    }

    private static JsonNode householdOf(Api api, String headId) {
        JsonNode page = api.as("officer").get("/api/households?year={y}&q={q}", YEAR, headId).json();
        assertThat(page.path("total").asLong()).as(page.toString()).isEqualTo(1);
        return page.path("items").get(0);
    }

    static String openTask(Api api, String caseNo, String taskKey) {
        JsonNode c = api.as("officer").get("/api/cases/{c}", caseNo).json();
        for (JsonNode t : c.path("openTasks")) {
            if (t.path("taskDefinitionKey").asText().equals(taskKey)) {
                return t.path("id").asText();
            }
        }
        throw new AssertionError("case " + caseNo + " has no open " + taskKey + ": " + c);
    }

    /** Completes the case's open task {@code taskKey} as {@code user} with the form's defaults (required fields filled). */
    static void complete(Api api, String caseNo, String taskKey, String user) {
        String id = openTask(api, caseNo, taskKey);
        expect(api.as(user).post("/api/tasks/{id}/complete", formValues(api, id, user), id), 204);
    }

    /** The values that complete task {@code id} as {@code user}: the form's defaults, required fields filled. */
    static Map<String, Object> formValues(Api api, String id, String user) {
        Api.Response form = api.as(user).get("/api/tasks/{id}/form", id);
        assertThat(form.status()).as(form.toString()).isEqualTo(200);
        Map<String, Object> body = new LinkedHashMap<>();
        LocalDate yesterday = LocalDate.now(ZoneId.of("Asia/Shanghai")).minusDays(1);
        for (JsonNode f : form.json().path("fields")) {
            String name = f.path("name").asText();
            if (f.hasNonNull("default")) {
                body.put(name, f.path("default").isBoolean() ? (Object) f.path("default").asBoolean() : f.path("default").asText());
                if ("boolean".equals(f.path("type").asText()) && f.path("required").asBoolean()) {
                    body.put(name, true);
                }
            } else if (f.path("required").asBoolean()) {
                body.put(name, switch (f.path("type").asText()) {
                    case "boolean" -> true;
                    case "date" -> yesterday.toString();
                    case "number" -> f.hasNonNull("min") ? f.path("min").asDouble() + 1 : 1;
                    case "enum" -> f.path("options").get(0).path("value").asText();
                    default -> "安防测试";
                });
            }
        }
        return body;
    }

    private static void expect(Api.Response r, int status) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
    }
}
