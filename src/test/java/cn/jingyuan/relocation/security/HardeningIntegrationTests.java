package cn.jingyuan.relocation.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.jingyuan.relocation.support.Api;
import cn.jingyuan.relocation.support.EmbeddedApplicationTest;
import cn.jingyuan.relocation.support.Ledger;

/**
 * What an attacker probes first: error answers (no stack trace, no SQL), security headers, CSRF on browser
 * sessions (and none needed with HTTP Basic), and uploads judged by their content, not their name.
 */
@EmbeddedApplicationTest
class HardeningIntegrationTests {

    static final int YEAR = 2065;
    static final String TOWNSHIP = "香水镇";
    static final String VILLAGE = "安防测试五村";
    /** What would give away the implementation: exception names, stack frames, SQL, packages. */
    static final List<String> LEAKS = List.of("Exception", "exception", "at cn.", "at org.", "at java.", "\tat ", "cn.jingyuan", "org.apache",
            "org.springframework", "org.h2", "com.mysql", "org.mariadb", "java.lang", "SELECT ", "INSERT ", "UPDATE ", "DELETE ", " FROM ",
            "SQL", "MariaDB", "mybatis", "Hikari");
    static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcTemplate jdbc;

    Api api;
    Http http;

    @BeforeEach
    void connect() {
        api = Api.at(port);
        http = Http.at(port);
    }

    private HttpResponse<String> send(String user, String method, String path, String contentType, String body) {
        return http.send(method, path, contentType, body, user == null ? Map.of() : Map.of("Authorization", Http.basic(user)));
    }

    @Test
    void errorAnswersCarryNoStackTraceAndNoSql() throws Exception {
        SecurityFixture f = SecurityFixture.of(port, context);
        String longRemarks = "很长的备注".repeat(200);
        JsonNode own = api.as("officer").get("/api/households/{id}", f.household).json();
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("version", own.path("version").asInt());
        body.put("village", own.path("village").asText());
        body.put("category", own.path("category").asText());
        body.put("riskLevel", own.path("riskLevel").asText());
        body.put("remarks", longRemarks);
        body.put("members", java.util.stream.StreamSupport.stream(own.path("members").spliterator(), false).map(m -> Map.of("id",
                m.path("id").asLong(), "name", m.path("name").asText(), "relation", m.path("relation").asText())).toList());
        String tooLong = JSON.writeValueAsString(body);
        record Probe(String user, String method, String path, String contentType, String body, int... status) {
        }
        List<Probe> probes = List.of(
                new Probe("officer", "GET", "/api/households?year=zwei", null, null, 400),
                new Probe("officer", "GET", "/api/households?stage=NOPE", null, null, 400),
                new Probe("officer", "POST", "/api/households", "application/json", "{\"planYear\":", 400),
                new Probe("officer", "POST", "/api/households", "application/json", "[1,2,3]", 400),
                new Probe("officer", "GET", "/api/households/abc", null, null, 400),
                new Probe(null, "GET", "/api/households", null, null, 401),
                new Probe("officer", "GET", "/api/audit", null, null, 403),
                new Probe("officer", "GET", "/api/households/987654321", null, null, 404),
                new Probe("officer", "GET", "/api/cases/640424-1999-9999", null, null, 404),
                new Probe("officer", "GET", "/api/no-such-thing", null, null, 404),
                new Probe("officer", "DELETE", "/api/households", null, null, 405),
                new Probe("officer", "PUT", "/api/plans/2025", "application/json", "{}", 409),
                new Probe(SecurityFixture.OWN + ".tf1", "POST", "/api/tasks/" + f.heldTask + "/claim", "application/json", "{}", 409),
                new Probe("officer", "POST", "/api/households", "text/plain", "planYear=2065", 415),
                new Probe("officer", "POST", "/api/households", "application/json", "{}", 422),
                // a value the database cannot hold: whatever the answer, it tells nothing of the database
                new Probe("officer", "PUT", "/api/households/" + f.household, "application/json", tooLong, 400, 422, 500));
        for (Probe p : probes) {
            HttpResponse<String> r = send(p.user, p.method, p.path, p.contentType, p.body);
            assertThat(r.statusCode()).as(p.method + " " + p.path + " " + r.body()).isIn(box(p.status));
            assertThat(r.headers().firstValue("Content-Type")).as(p.path).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(r.body()).as(p.method + " " + p.path).doesNotContain(LEAKS);
            assertThat(JSON.readTree(r.body()).path("status").asInt()).isEqualTo(r.statusCode());
        }
        assertThat(api.as("officer").get("/api/households/{id}", f.household).json().path("remarks").asText()).isNotEqualTo(longRemarks);

        // the engine's REST API answers its errors in Camunda's format (stock: an exception type, and a 500 for some of
        // its "not found"s), but never a stack trace or SQL
        for (String path : List.of("/engine-rest/task/no-such-task", "/engine-rest/process-instance?sortBy=nonsense&sortOrder=asc",
                "/engine-rest/process-instance/no-such-instance/variables")) {
            HttpResponse<String> r = send("admin", "GET", path, null, null);
            assertThat(r.statusCode()).as(path).isGreaterThanOrEqualTo(400);
            assertThat(r.body()).as(path).doesNotContain("at org.", "at cn.", "\tat ", "SELECT ", " FROM ", "### ");
        }
    }

    @Test
    void pagesAndAnswersCarryTheSecurityHeaders() {
        for (String page : List.of("/", "/login")) {
            HttpResponse<String> r = send(null, "GET", page, null, null);
            assertThat(r.statusCode()).as(page).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Security-Policy")).as(page)
                    .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'self'").contains("frame-ancestors 'none'"));
            assertCommonHeaders(page, r);
        }
        for (String answer : List.of("/api/households?year=2024&size=1", "/api/households/987654321")) {
            HttpResponse<String> r = send("officer", "GET", answer, null, null);
            assertCommonHeaders(answer, r);
            // answers with personal data are not kept by browsers or proxies
            assertThat(r.headers().firstValue("Cache-Control")).as(answer).hasValueSatisfying(c -> assertThat(c).contains("no-store"));
        }
        HttpResponse<String> engine = send("admin", "GET", "/engine-rest/task?maxResults=1", null, null);
        assertThat(engine.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(engine.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    }

    private static void assertCommonHeaders(String what, HttpResponse<String> r) {
        assertThat(r.headers().firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
        boolean framesRefused = r.headers().firstValue("X-Frame-Options").filter(v -> v.equals("DENY") || v.equals("SAMEORIGIN")).isPresent()
                || r.headers().firstValue("Content-Security-Policy").filter(v -> v.contains("frame-ancestors 'none'")).isPresent();
        assertThat(framesRefused).as(what + " refuses to be framed").isTrue();
        assertThat(r.headers().firstValue("Referrer-Policy")).as(what).hasValueSatisfying(v -> assertThat(v).isIn("same-origin", "no-referrer",
                "strict-origin-when-cross-origin", "strict-origin"));
    }

    @Test
    void aBrowserSessionNeedsItsCsrfTokenForWritesAndHttpBasicNeedsNone() {
        Http browser = Http.browser(port);
        // the login form itself is protected
        HttpResponse<String> forged = browser.login("officer", "demo", null);
        assertThat(forged.statusCode()).isEqualTo(403);
        HttpResponse<String> login = browser.login("officer", "demo", browser.csrfToken());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
        assertThat(browser.get("/api/households?year=2024&size=1").statusCode()).isEqualTo(200);

        // a write without the token (what a forged cross-site request looks like) is refused
        long households = jdbc.queryForObject("SELECT COUNT(*) FROM household", Long.class);
        HttpResponse<String> withoutToken = browser.send("POST", "/api/households", "application/json", "{}", Map.of());
        assertThat(withoutToken.statusCode()).as(withoutToken.body()).isEqualTo(403);
        HttpResponse<String> wrongToken = browser.send("POST", "/api/households", "application/json", "{}", Map.of("X-CSRF-TOKEN", "forged"));
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        // with the session's token it gets through to the validation (422: the body is empty)
        HttpResponse<String> withToken = browser.send("POST", "/api/households", "application/json", "{}",
                Map.of("X-CSRF-TOKEN", browser.csrfToken()));
        assertThat(withToken.statusCode()).as(withToken.body()).isEqualTo(422);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM household", Long.class)).isEqualTo(households);

        // a script with HTTP Basic sends no token and no cookie
        HttpResponse<String> basic = send("officer", "POST", "/api/households", "application/json", "{}");
        assertThat(basic.statusCode()).as(basic.body()).isEqualTo(422);
        assertThat(basic.headers().firstValue("Set-Cookie")).isEmpty();
        // and nobody at all is told to log in
        assertThat(send(null, "POST", "/api/households", "application/json", "{}").statusCode()).isEqualTo(401);
    }

    @Test
    void anUploadIsJudgedByItsContentNotItsName() throws Exception {
        byte[] pdf = ("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n计划年度,乡镇,村\n2065,香水镇,沙塘村\n%%EOF\n").getBytes(StandardCharsets.UTF_8);
        Api.Response pdfAsCsv = api.as("officer").upload("/api/households/import", "台账.csv", pdf);
        assertThat(pdfAsCsv.status()).as(pdfAsCsv.toString()).isEqualTo(415);
        assertThat(pdfAsCsv.contentType().toString()).startsWith("application/problem+json");

        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0});
        assertThat(api.as("officer").upload("/api/households/import", "台账.xlsx", png.toByteArray()).status()).isEqualTo(415);

        Ledger text = Ledger.create().household(YEAR, TOWNSHIP, VILLAGE, 2);
        Api.Response csvAsTxt = api.as("officer").upload("/api/households/import", "台账.txt", text.csv());
        assertThat(csvAsTxt.status()).as(csvAsTxt.toString()).isEqualTo(200);
        assertThat(csvAsTxt.json().path("imported").asInt()).isEqualTo(1);

        Ledger workbook = Ledger.create().household(YEAR, TOWNSHIP, VILLAGE, 3);
        Api.Response xlsxAsCsv = api.as("officer").upload("/api/households/import", "台账.csv", workbook.xlsx());
        assertThat(xlsxAsCsv.status()).as(xlsxAsCsv.toString()).isEqualTo(200);
        assertThat(xlsxAsCsv.json().path("people").asInt()).isEqualTo(3);
        assertThat(api.as("officer").get("/api/households?year={y}&q={q}", YEAR, workbook.get(1, "户主身份证号")).json().path("total").asLong())
                .isEqualTo(1);
    }

    private static Integer[] box(int[] values) {
        return java.util.Arrays.stream(values).boxed().toArray(Integer[]::new);
    }
}
