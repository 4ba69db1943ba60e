package cn.jingyuan.relocation.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Update;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.mapping.SqlCommandType;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSessionFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import cn.jingyuan.relocation.security.internal.AuditMapper;
import cn.jingyuan.relocation.support.Api;
import cn.jingyuan.relocation.support.EmbeddedApplicationTest;
import cn.jingyuan.relocation.support.Ledger;
import cn.jingyuan.relocation.support.People;

/**
 * The audit trail: every reveal of full numbers and every refusal to reveal, every write through {@code /api} with
 * its actor, a household's values before and after a change (masked), and an append-only table the application
 * cannot change. Households of 六盘山镇, plan year {@link #YEAR}.
 */
@EmbeddedApplicationTest
class AuditTrailIntegrationTests {

    static final int YEAR = 2064;
    static final String TOWNSHIP = "六盘山镇";
    static final String VILLAGE = "安防测试四村";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SqlSessionFactory mybatis;
    @Autowired
    ApplicationContext context;

    Api api;

    @BeforeEach
    void connect() {
        api = Api.at(port);
    }

    /** A household of three (with a phone) imported by the officer: its ledger and id. */
    private record Imported(Ledger ledger, long id, String caseNo) {
        List<String> numbers() {
            List<String> out = new ArrayList<>(IntStream.rangeClosed(1, ledger.size()).mapToObj(r -> ledger.get(r, "身份证号")).toList());
            out.add(ledger.get(1, "联系电话"));
            return out;
        }
    }

    private Imported imported(int size) {
        Ledger ledger = Ledger.create().household(YEAR, TOWNSHIP, VILLAGE, size);
        Api.Response r = api.as("officer").upload("/api/households/import", "台账.csv", ledger.csv());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode h = api.as("officer").get("/api/households?year={y}&q={q}", YEAR, ledger.get(1, "户主身份证号")).json().path("items").get(0);
        return new Imported(ledger, h.path("id").asLong(), h.path("caseNo").asText());
    }

    private long lastEntry() {
        return jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) FROM audit_log", Long.class);
    }

    private List<Map<String, Object>> entriesAfter(long id) {
        return jdbc.queryForList("SELECT * FROM audit_log WHERE id > ? ORDER BY id", id);
    }

    private static List<Map<String, Object>> only(List<Map<String, Object>> entries, String action) {
        return entries.stream().filter(e -> action.equals(e.get("action"))).toList();
    }

    @Test
    void theOfficerAndFinanceRevealFullNumbersAndEveryRevealIsAudited() {
        Imported h = imported(3);
        for (String user : List.of("officer", "finance")) {
            long before = lastEntry();
            Api.Response masked = api.as(user).get("/api/households/{id}", h.id);
            assertThat(masked.json().path("members").findValuesAsText("idNumber")).allMatch(n -> n.contains("********"));
            assertThat(only(entriesAfter(before), "REVEAL")).isEmpty();

            Api.Response revealed = api.as(user).get("/api/households/{id}?reveal=true", h.id);

            assertThat(revealed.status()).as(revealed.toString()).isEqualTo(200);
            assertThat(revealed.json().path("members").findValuesAsText("idNumber"))
                    .containsExactlyElementsOf(h.numbers().subList(0, 3));
            assertThat(revealed.json().path("phone").asText()).isEqualTo(h.ledger.get(1, "联系电话"));
            List<Map<String, Object>> reveals = only(entriesAfter(before), "REVEAL");
            assertThat(reveals).hasSize(1);
            Map<String, Object> e = reveals.get(0);
            assertThat(e).containsEntry("actor", user).containsEntry("entity", "household").containsEntry("entity_id", String.valueOf(h.id));
            assertThat(e.toString()).as("the audit trail keeps no full number").doesNotContain(h.numbers());
            // the administrator finds it in the trail
            JsonNode trail = api.as("admin").get("/api/audit?entity=household&entityId={id}&user={u}", h.id, user).json();
            assertThat(trail.path("items").get(0).path("action").asText()).isEqualTo("REVEAL");
            assertThat(trail.path("items").get(0).path("id").asLong()).isEqualTo(((Number) e.get("id")).longValue());
        }
    }

    @Test
    void aTownshipUserOrALeaderAskingForFullNumbersIsRefusedAndTheRefusalIsAudited() {
        Imported h = imported(2);
        for (String user : List.of("liupanshan.tf1", "liupanshan.lead", "deputy", "head")) {
            long before = lastEntry();
            Api.Response refused = api.as(user).get("/api/households/{id}?reveal=true", h.id);

            assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
            assertThat(refused.text()).doesNotContain(h.numbers());
            List<Map<String, Object>> entries = entriesAfter(before);
            assertThat(only(entries, "REVEAL")).isEmpty();
            assertThat(only(entries, "DENIED")).singleElement().satisfies(e -> {
                assertThat(e).containsEntry("actor", user).containsEntry("entity", "household")
                        .containsEntry("entity_id", String.valueOf(h.id)).containsEntry("http_status", 403);
                assertThat((String) e.get("summary")).isEqualTo("GET /api/households/" + h.id + "?reveal=true");
            });
        }
    }

    @Test
    void everyWriteThroughTheApiLeavesAWriteEntryWithItsActor() {
        Imported h = imported(2);
        long village = jdbc.queryForObject("SELECT v.id FROM village v JOIN township t ON t.code = v.township_code WHERE t.name = ? AND v.name = ?",
                Long.class, TOWNSHIP, VILLAGE);
        String task = SecurityFixture.openTask(api, h.caseNo, "Task_VerifyHousehold");
        JsonNode detail = api.as("officer").get("/api/households/{id}", h.id).json();
        Map<String, Object> created = Map.of("planYear", YEAR, "township", TOWNSHIP, "village", VILLAGE, "category", "RISK_ZONE",
                "riskLevel", "HIGH", "members", List.of(Map.of("name", "杨新户", "idNumber", People.idNumber(1970, true), "relation", "户主")));

        record Write(String user, String method, String path, Object body, int status) {
        }
        List<Write> writes = List.of(
                new Write("liupanshan.tf1", "POST", "/api/households", created, 201),
                new Write("officer", "PUT", "/api/households/" + h.id, update(detail, "已入户核实"), 200),
                new Write("liupanshan.tf1", "POST", "/api/households/import", h.ledger, 200),
                new Write("liupanshan.lead", "PUT", "/api/villages/" + village + "/cadre", Map.of("userId", "liupanshan.tf2"), 200),
                new Write("liupanshan.lead", "PUT", "/api/villages/" + village + "/cadre", Map.of("userId", ""), 200),
                new Write("liupanshan.tf1", "POST", "/api/tasks/" + task + "/claim", Map.of(), 204),
                new Write("liupanshan.tf1", "POST", "/api/tasks/" + task + "/unclaim", Map.of(), 204),
                new Write("liupanshan.lead", "POST", "/api/tasks/" + task + "/assign", Map.of("userId", "liupanshan.tf2"), 204),
                // (from someone who holds nothing: the demo's tasks stay where they are)
                new Write("liupanshan.lead", "POST", "/api/workload/reassign", Map.of("from", "sec.nobody", "to", "liupanshan.tf1"), 200),
                new Write("officer", "POST", "/api/cases/" + h.caseNo + "/withdraw", Map.of("reason", "安防测试:撤销"), 200));
        for (Write w : writes) {
            long before = lastEntry();
            Api.Response r = switch (w.method) {
                case "PUT" -> api.as(w.user).put(w.path, w.body);
                default -> w.body instanceof Ledger l ? api.as(w.user).upload(w.path, "台账.csv", l.csv()) : api.as(w.user).post(w.path, w.body);
            };
            assertThat(r.status()).as(w + " " + r).isEqualTo(w.status);
            List<Map<String, Object>> entries = only(entriesAfter(before), "WRITE");
            assertThat(entries).as(w.toString()).singleElement().satisfies(e -> {
                assertThat(e).containsEntry("actor", w.user).containsEntry("http_status", w.status);
                assertThat((String) e.get("summary")).isEqualTo(w.method + " " + w.path);
                assertThat(e.get("occurred_at")).isNotNull();
            });
        }
        // the writes that built the security fixture (batches, task completions) are there too
        SecurityFixture f = SecurityFixture.of(port, context);
        assertThat(jdbc.queryForList("SELECT actor FROM audit_log WHERE action = 'WRITE' AND summary = ?", String.class,
                "POST /api/batches/" + f.withdrawnBatch + "/withdraw")).containsExactly("officer");
        assertThat(jdbc.queryForList("SELECT actor FROM audit_log WHERE action = 'WRITE' AND summary = ?", String.class,
                "POST /api/tasks/" + f.heldTask + "/claim")).contains(SecurityFixture.OWN + ".tf2");
    }

    @Test
    void aHouseholdUpdateIsAuditedWithItsValuesBeforeAndAfterWithMaskedNumbersOnly() {
        Imported h = imported(2);
        JsonNode detail = api.as("officer").get("/api/households/{id}", h.id).json();
        String oldSpouse = h.ledger.get(2, "身份证号");
        String newSpouse = People.idNumber(1972, false);
        String oldPhone = h.ledger.get(1, "联系电话");
        String newPhone = "13712345678";
        Map<String, Object> body = update(detail, "配偶变更");
        body.put("phone", newPhone);
        body.put("members", List.of(
                Map.of("id", detail.path("members").get(0).path("id").asLong(), "name", detail.path("members").get(0).path("name").asText(),
                        "relation", "户主"),
                Map.of("name", "兰新配", "idNumber", newSpouse, "relation", "配偶")));
        long before = lastEntry();

        Api.Response updated = api.as("liupanshan.tf2").put("/api/households/{id}", body, h.id);

        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        Map<String, Object> e = only(entriesAfter(before), "UPDATE").get(0);
        assertThat(e).containsEntry("actor", "liupanshan.tf2").containsEntry("entity", "household").containsEntry("entity_id", String.valueOf(h.id));
        String was = (String) e.get("before_value");
        String is = (String) e.get("after_value");
        assertThat(was).contains(mask(oldSpouse)).contains(oldPhone.substring(0, 3) + "****" + oldPhone.substring(7)).contains("remarks");
        assertThat(is).contains(mask(newSpouse)).contains("137****5678").contains("配偶变更");
        for (String full : List.of(oldSpouse, newSpouse, h.ledger.get(1, "身份证号"), oldPhone, newPhone)) {
            assertThat(was).doesNotContain(full);
            assertThat(is).doesNotContain(full);
            assertThat(e.toString()).doesNotContain(full);
        }
        // the case's history shows its own entries
        JsonNode c = api.as("liupanshan.lead").get("/api/cases/{c}", h.caseNo).json();
        assertThat(c.path("audit").findValuesAsText("action")).contains("UPDATE");
        assertThat(c.toString()).doesNotContain(newSpouse).doesNotContain(oldSpouse);
    }

    @Test
    void theAuditTrailCannotBeChangedOrDeletedThroughTheApplication() throws IOException {
        // given an entry written by a request
        Imported h = imported(2);
        JsonNode detail = api.as("officer").get("/api/households/{id}", h.id).json();
        long before = lastEntry();
        assertThat(api.as("officer").put("/api/households/{id}", update(detail, "第一次修改"), h.id).status()).isEqualTo(200);
        List<Map<String, Object>> written = entriesAfter(before);
        assertThat(written).extracting(e -> e.get("action")).contains("UPDATE", "WRITE");
        long last = lastEntry();
        long count = jdbc.queryForObject("SELECT COUNT(*) FROM audit_log", Long.class);

        // when anyone, the administrator included, tries to change or remove entries over HTTP
        Http http = Http.at(port);
        long entry = ((Number) written.get(0).get("id")).longValue();
        for (String user : List.of("admin", "officer")) {
            for (String method : List.of("PUT", "PATCH", "DELETE")) {
                for (String path : List.of("/api/audit", "/api/audit/" + entry, "/api/audit?entityId=" + h.id)) {
                    HttpResponse<String> r = http.send(method, path, "application/json", "{\"summary\":\"改写\"}",
                            Map.of("Authorization", Http.basic(user)));
                    assertThat(r.statusCode()).as(user + " " + method + " " + path + " " + r.body()).isIn(403, 404, 405);
                }
            }
        }
        // and more requests, writes and reveals among them, follow
        detail = api.as("officer").get("/api/households/{id}", h.id).json();
        assertThat(api.as("officer").put("/api/households/{id}", update(detail, "第二次修改"), h.id).status()).isEqualTo(200);
        assertThat(api.as("finance").get("/api/households/{id}?reveal=true", h.id).status()).isEqualTo(200);

        // then the entries are there, unchanged, and none went away
        for (Map<String, Object> e : written) {
            assertThat(jdbc.queryForMap("SELECT * FROM audit_log WHERE id = ?", e.get("id"))).isEqualTo(e);
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_log WHERE id <= ?", Long.class, last)).isEqualTo(count);
        assertThat(lastEntry()).isGreaterThan(last);
    }

    @Test
    void theAuditMapperCanOnlyInsertAndReadAndNoStatementChangesTheAuditTable() throws IOException {
        // the mapper's door: insert and reads, nothing else
        assertThat(Arrays.stream(AuditMapper.class.getDeclaredMethods()).map(Method::getName)).containsOnly("insert", "find", "count");
        Configuration configuration = mybatis.getConfiguration();
        List<SqlCommandType> auditStatements = configuration.getMappedStatementNames().stream()
                .filter(n -> n.startsWith(AuditMapper.class.getName() + "."))
                .map(n -> configuration.getMappedStatement(n).getSqlCommandType()).toList();
        assertThat(auditStatements).isNotEmpty().containsOnly(SqlCommandType.INSERT, SqlCommandType.SELECT);

        // and no other statement of the application updates or deletes audit_log, in XML or in annotations
        List<String> offending = new ArrayList<>();
        Pattern statement = Pattern.compile("<(update|delete)\\b.*?</\\1>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
        for (Resource xml : new PathMatchingResourcePatternResolver().getResources("classpath*:cn/jingyuan/relocation/**/*.xml")) {
            String text;
            try (InputStream in = xml.getInputStream()) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Matcher m = statement.matcher(text);
            while (m.find()) {
                if (m.group().toLowerCase().contains("audit_log")) {
                    offending.add(xml.getFilename() + ": " + m.group());
                }
            }
        }
        for (Class<?> mapper : configuration.getMapperRegistry().getMappers()) {
            for (Method method : mapper.getDeclaredMethods()) {
                List<String> sql = new ArrayList<>();
                if (method.getAnnotation(Update.class) != null) {
                    sql.addAll(List.of(method.getAnnotation(Update.class).value()));
                }
                if (method.getAnnotation(Delete.class) != null) {
                    sql.addAll(List.of(method.getAnnotation(Delete.class).value()));
                }
                sql.stream().filter(s -> s.toLowerCase().contains("audit_log")).forEach(s -> offending.add(mapper.getSimpleName() + ": " + s));
            }
        }
        for (String name : configuration.getMappedStatementNames()) {
            if (!name.contains(".")) {
                continue;
            }
            MappedStatement ms = configuration.getMappedStatement(name);
            if ((ms.getSqlCommandType() == SqlCommandType.UPDATE || ms.getSqlCommandType() == SqlCommandType.DELETE)
                    && ms.getResource() != null && ms.getResource().toLowerCase().contains("audit")) {
                offending.add(name);
            }
        }
        assertThat(offending).isEmpty();
        assertThat(configuration.getMapperRegistry().getMappers()).contains(AuditMapper.class);
    }

    private static Map<String, Object> update(JsonNode detail, String remarks) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", detail.path("version").asInt());
        body.put("village", detail.path("village").asText());
        body.put("villageGroup", detail.path("villageGroup").asText(null));
        body.put("category", detail.path("category").asText());
        body.put("riskLevel", detail.path("riskLevel").asText());
        body.put("phone", detail.path("phone").asText(null));
        body.put("resettlementMode", detail.path("resettlementMode").asText(null));
        body.put("remarks", remarks);
        List<Map<String, Object>> members = new ArrayList<>();
        for (JsonNode m : detail.path("members")) {
            members.add(Map.of("id", m.path("id").asLong(), "name", m.path("name").asText(), "relation", m.path("relation").asText()));
        }
        body.put("members", members);
        return body;
    }

    private static String mask(String id) {
        return id.substring(0, 6) + "********" + id.substring(14);
    }
}
