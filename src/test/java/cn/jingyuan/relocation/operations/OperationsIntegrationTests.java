package cn.jingyuan.relocation.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import cn.jingyuan.relocation.security.Groups;
import cn.jingyuan.relocation.support.Api;
import cn.jingyuan.relocation.support.EmbeddedApplicationTest;

/**
 * What operations sees: the load balancer's probes (anonymous, status only), the Prometheus scrape (admin or a
 * metrics account only) with the business gauges matching the database, the timers of imports, and log lines that
 * carry the request id and the user and never an identity number.
 */
@EmbeddedApplicationTest
@ExtendWith(OutputCaptureExtension.class)
class OperationsIntegrationTests {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    BusinessMetrics metrics;
    @Autowired
    IdentityService identity;

    Api api() {
        return Api.at(port);
    }

    @Test
    void probesAreAnonymousAndSayNothingButTheStatus() {
        for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness", "/actuator/health")) {
            Api.Response r = api().anonymous().get(probe);
            System.out.println("[Operations] GET " + probe + " -> " + r);
            assertThat(r.status()).as(probe).isEqualTo(200);
            // no components, no details: only the status (and, on the whole, the names of the two probes)
            assertThat(r.json().properties()).as(probe).extracting(Map.Entry::getKey).isSubsetOf("status", "groups").contains("status");
            assertThat(r.text()).doesNotContain("components", "details", "db", "jobExecutor");
            assertThat(r.json().path("status").asText()).isEqualTo("UP");
        }
    }

    @Test
    void prometheusIsForAdminAndTheMetricsAccountOnly() {
        assertThat(api().anonymous().get("/actuator/prometheus").status()).isEqualTo(401);
        assertThat(api().as("officer").get("/actuator/prometheus").status()).isEqualTo(403);
        assertThat(api().as("huanghua.tf1").get("/actuator/prometheus").status()).isEqualTo(403);
        // other actuator endpoints stay shut, even for the admin
        assertThat(api().as("admin").get("/actuator/env").status()).isIn(403, 404);
        assertThat(api().as("admin").get("/actuator/prometheus").status()).isEqualTo(200);

        if (identity.createUserQuery().userId("scraper").singleResult() == null) {
            User u = identity.newUser("scraper");
            u.setPassword("scrape-secret");
            identity.saveUser(u);
            identity.createMembership("scraper", Groups.METRICS);
        }
        assertThat(api().as("scraper", "scrape-secret").get("/actuator/prometheus").status()).isEqualTo(200);
        // the metrics account sees metrics, not data
        assertThat(api().as("scraper", "scrape-secret").get("/api/households?year=2024").status()).isEqualTo(403);
    }

    @Test
    void businessGaugesMatchTheDatabase() {
        metrics.refresh();
        String scrape = api().as("admin").get("/actuator/prometheus").text();

        Map<String, Object> row = jdbc.queryForMap("SELECT h.stage, t.slug, COUNT(*) AS n FROM household h JOIN township t"
                + " ON t.code = h.township_code WHERE h.stage = 'DEMOLITION' GROUP BY h.stage, t.slug ORDER BY n DESC LIMIT 1");
        double expected = ((Number) row.get("n")).doubleValue();
        assertThat(expected).isPositive();
        assertThat(value(scrape, "relocation_cases", "stage=\"DEMOLITION\"", "township=\"" + row.get("slug") + "\""))
                .as("relocation_cases for %s", row).isEqualTo(expected);
        // closed cases are not open cases
        assertThat(scrape).doesNotContain("stage=\"ARCHIVED\"");
        long overdueAll = jdbc.queryForObject("SELECT COUNT(*) FROM ACT_RU_TASK k JOIN household h ON h.process_instance_id = k.PROC_INST_ID_"
                + " WHERE k.DUE_DATE_ < CURRENT_TIMESTAMP", Long.class);
        double overdueScraped = sum(scrape, "relocation_steps_overdue");
        System.out.printf("[Operations] relocation_cases %s = %.0f; overdue steps %d in the database, %.0f scraped%n", row, expected,
                overdueAll, overdueScraped);
        assertThat(overdueScraped).isEqualTo((double) overdueAll);
        assertThat(value(scrape, "relocation_jobs_due")).isGreaterThanOrEqualTo(0);
        assertThat(value(scrape, "relocation_incidents")).isEqualTo(
                jdbc.queryForObject("SELECT COUNT(*) FROM ACT_RU_INCIDENT", Long.class).doubleValue());
        // and the standard ones
        assertThat(scrape).contains("jvm_memory_used_bytes", "hikaricp_connections_active", "http_server_requests_seconds_count");
    }

    @Test
    void aRequestsLogLinesCarryItsIdAndUserAndNoIdentityNumber(CapturedOutput output) throws Exception {
        // a ledger that fails validation: the import is timed and logged all the same
        String csv = "计划年度,乡镇,村\n2024,黄花乡,向阳村\n";
        String boundary = "b0undary";
        byte[] body = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n" + csv + "\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/households/import"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("officer:demo".getBytes(StandardCharsets.UTF_8)))
                .header("X-Request-Id", "ops-test-0001")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.headers().firstValue("X-Request-Id")).contains("ops-test-0001");
        String line = output.getOut().lines().filter(l -> l.contains("ledger import failed")).reduce((a, b) -> b).orElse("");
        System.out.println("[Operations] log line: " + line);
        assertThat(line).contains("[ops-test-0001,officer]");

        // a fresh id when none (or a strange one) is given
        Api.Response anonymous = api().anonymous().get("/actuator/health/liveness");
        assertThat(anonymous.headers().getFirst("X-Request-Id")).matches("[0-9a-f]{16}");

        String scrape = api().as("admin").get("/actuator/prometheus").text();
        assertThat(value(scrape, "relocation_import_seconds_count", "outcome=\"ApiException\"")).isGreaterThanOrEqualTo(1);

        LoggerFactory.getLogger("cn.jingyuan.relocation.test").warn("household of 64042419800101123X, phone 13912345678");
        String masked = output.getOut().lines().filter(l -> l.contains("household of ")).reduce((a, b) -> b).orElse("");
        System.out.println("[Operations] masked: " + masked);
        assertThat(masked).contains("640424********123X").doesNotContain("64042419800101123X");
    }

    /** The value of the first sample of {@code name} whose labels contain every one of {@code labels}. */
    static double value(String scrape, String name, String... labels) {
        return scrape.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .filter(l -> List.of(labels).stream().allMatch(l::contains))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst()
                .orElseThrow(() -> new AssertionError("no sample " + name + " " + List.of(labels)));
    }

    static double sum(String scrape, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*\\} (\\S+)$").matcher(scrape);
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return total;
    }
}
