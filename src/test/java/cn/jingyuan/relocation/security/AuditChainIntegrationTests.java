package cn.jingyuan.relocation.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import cn.jingyuan.relocation.support.Api;
import cn.jingyuan.relocation.support.EmbeddedApplicationTest;
import cn.jingyuan.relocation.support.People;

/**
 * The hash-chained audit trail on H2: entries written at once from many threads (in request transactions, in their
 * own and over HTTP) form one unbroken chain; an entry changed or removed by direct SQL is named as the first broken
 * link; only the administrator may verify; identity numbers in a refused request's query string are masked.
 */
@EmbeddedApplicationTest
class AuditChainIntegrationTests {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    AuditLog audit;
    @Autowired
    PlatformTransactionManager transactions;

    Api api;

    @BeforeEach
    void connect() {
        api = Api.at(port);
    }

    private JsonNode verify() {
        Api.Response r = api.as("admin").get("/api/audit/verify");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    @Test
    void entriesWrittenAtOnceFromManyThreadsFormOneChainThatVerifies() throws Exception {
        // given entries written at once: in transactions of their own, several in one transaction, and by requests
        long before = jdbc.queryForObject("SELECT COUNT(*) FROM audit_log", Long.class);
        TransactionTemplate tx = new TransactionTemplate(transactions);
        int threads = 12;
        int rounds = 10;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < rounds; i++) {
                    String tag = "链测试" + thread + "-" + i;
                    switch (thread % 3) {
                        case 0 -> audit.recordNow("chain.tester", AuditAction.WRITE, "chaintest", tag, tag, 200);
                        case 1 -> tx.executeWithoutResult(s -> {
                            audit.record(AuditAction.UPDATE, "chaintest", tag + "a", tag, Map.of("v", 1), Map.of("v", 2));
                            audit.record(AuditAction.UPDATE, "chaintest", tag + "b", tag, null, null);
                        });
                        default -> assertThat(api.as("officer").get("/api/audit?entity=chaintest").status()).isEqualTo(403);
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
        // 4 threads x 10 own transactions, 4 x 10 transactions of two, 4 x 10 refused requests
        long written = jdbc.queryForObject("SELECT COUNT(*) FROM audit_log", Long.class) - before;
        assertThat(written).isGreaterThanOrEqualTo(4 * 10 + 4 * 20 + 4 * 10);

        // when the administrator verifies
        JsonNode v = verify();

        // then every entry is in one chain, one after the other, and every link holds
        assertThat(v.path("ok").asBoolean()).as(v.toString()).isTrue();
        assertThat(v.path("firstBroken").isMissingNode() || v.path("firstBroken").isNull()).isTrue();
        Map<String, Object> chain = jdbc.queryForMap("SELECT COUNT(*) AS n, COUNT(chain_seq) AS linked, MIN(chain_seq) AS lo, MAX(chain_seq) AS hi,"
                + " COUNT(DISTINCT entry_hash) AS hashes FROM audit_log");
        long n = ((Number) chain.get("n")).longValue();
        assertThat(((Number) chain.get("linked")).longValue()).isEqualTo(n);
        assertThat(((Number) chain.get("lo")).longValue()).isEqualTo(1);
        assertThat(((Number) chain.get("hi")).longValue()).isGreaterThanOrEqualTo(n);
        assertThat(((Number) chain.get("hashes")).longValue()).isEqualTo(n);
        assertThat(v.path("checked").asLong()).isGreaterThanOrEqualTo(n);
        // the chain's order is the order of the ids: an append takes the head's lock before it inserts
        List<Long> seqByIds = jdbc.queryForList("SELECT chain_seq FROM audit_log ORDER BY id", Long.class);
        assertThat(seqByIds).isSorted();
        // both entries of one transaction are there, one right after the other
        List<Long> pair = jdbc.queryForList("SELECT chain_seq FROM audit_log WHERE entity = 'chaintest' AND summary = ? ORDER BY chain_seq",
                Long.class, "链测试1-3");
        assertThat(pair).hasSize(2);
        assertThat(pair.get(1) - pair.get(0)).isEqualTo(1);
    }

    @Test
    void anEntryChangedByDirectSqlIsTheFirstBrokenLinkAndARemovedOneBreaksTheNext() {
        // given three entries in a row
        for (int i = 0; i < 3; i++) {
            audit.recordNow("chain.tester", AuditAction.WRITE, "chaintamper", "t" + i, "篡改测试" + i, 200);
        }
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT * FROM audit_log WHERE entity = 'chaintamper' ORDER BY chain_seq");
        assertThat(rows).hasSize(3);
        long first = ((Number) rows.get(0).get("id")).longValue();
        long second = ((Number) rows.get(1).get("id")).longValue();
        long third = ((Number) rows.get(2).get("id")).longValue();
        assertThat(verify().path("ok").asBoolean()).isTrue();

        // when someone changes the first of them with SQL, past the application
        jdbc.update("UPDATE audit_log SET summary = '篡改测试:改过了' WHERE id = ?", first);
        try {
            // then it is named as the first broken link
            JsonNode v = verify();
            assertThat(v.path("ok").asBoolean()).as(v.toString()).isFalse();
            assertThat(v.path("firstBroken").path("id").asLong()).isEqualTo(first);
            assertThat(v.path("firstBroken").path("seq").asLong()).isEqualTo(((Number) rows.get(0).get("chain_seq")).longValue());
            assertThat(v.path("firstBroken").path("reason").asText()).contains("改动");
            assertThat(v.path("checked").asLong()).isEqualTo(((Number) rows.get(0).get("chain_seq")).longValue() - 1);
        } finally {
            jdbc.update("UPDATE audit_log SET summary = ? WHERE id = ?", rows.get(0).get("summary"), first);
        }
        assertThat(verify().path("ok").asBoolean()).isTrue();

        // when the second is removed, the third no longer follows its predecessor
        jdbc.update("DELETE FROM audit_log WHERE id = ?", second);
        try {
            JsonNode v = verify();
            assertThat(v.path("ok").asBoolean()).as(v.toString()).isFalse();
            assertThat(v.path("firstBroken").path("id").asLong()).isEqualTo(third);
            assertThat(v.path("firstBroken").path("reason").asText()).contains("缺少");
        } finally {
            Map<String, Object> r = rows.get(1);
            String columns = r.keySet().stream().collect(Collectors.joining(", "));
            String marks = r.keySet().stream().map(k -> "?").collect(Collectors.joining(", "));
            jdbc.update("INSERT INTO audit_log (" + columns + ") VALUES (" + marks + ")", r.values().toArray());
        }
        assertThat(verify().path("ok").asBoolean()).isTrue();

        // and an entry slipped in with SQL is outside the chain
        jdbc.update("INSERT INTO audit_log (occurred_at, actor, action, summary) VALUES (CURRENT_TIMESTAMP, 'intruder', 'WRITE', '伪造')");
        long forged = jdbc.queryForObject("SELECT MAX(id) FROM audit_log WHERE actor = 'intruder'", Long.class);
        try {
            JsonNode v = verify();
            assertThat(v.path("ok").asBoolean()).isFalse();
            assertThat(v.path("firstBroken").path("id").asLong()).isEqualTo(forged);
        } finally {
            jdbc.update("DELETE FROM audit_log WHERE id = ?", forged);
        }
        assertThat(verify().path("ok").asBoolean()).isTrue();
    }

    @Test
    void onlyTheAdministratorMayVerifyTheChain() {
        for (String user : List.of("officer", "deputy", "finance", "huanghua.tf1", "huanghua.lead")) {
            Api.Response r = api.as(user).get("/api/audit/verify");
            assertThat(r.status()).as(user + " " + r).isEqualTo(403);
            assertThat(r.text()).doesNotContain("checked");
        }
        assertThat(api.anonymous().get("/api/audit/verify").status()).isEqualTo(401);
    }

    @Test
    void identityNumbersInARefusedRequestsQueryStringAreStoredMasked() {
        String id = People.idNumber(1968, true);
        long before = jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) FROM audit_log", Long.class);

        Api.Response r = api.as("huanghua.tf1").get("/api/audit?entityId={n}&user={n}", id, id);

        assertThat(r.status()).isEqualTo(403);
        List<String> summaries = jdbc.queryForList("SELECT summary FROM audit_log WHERE id > ? AND action = 'DENIED' AND actor = 'huanghua.tf1'",
                String.class, before);
        String masked = id.substring(0, 6) + "********" + id.substring(14);
        assertThat(summaries).singleElement().satisfies(s -> {
            assertThat(s).doesNotContain(id).contains("entityId=" + masked).contains("user=" + masked);
            assertThat(s).startsWith("GET /api/audit?");
        });
        assertThat(verify().path("ok").asBoolean()).isTrue();
    }
}
