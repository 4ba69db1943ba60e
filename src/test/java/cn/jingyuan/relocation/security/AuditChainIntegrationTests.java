package cn.jingyuan.relocation.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import cn.jingyuan.relocation.security.internal.AuditChainHash;
import cn.jingyuan.relocation.security.internal.AuditRow;
import cn.jingyuan.relocation.support.Api;
import cn.jingyuan.relocation.support.EmbeddedApplicationTest;
import cn.jingyuan.relocation.support.People;

/**
 * The hash-chained audit trail on H2 ({@link AuditChainContract} and what only H2 lets a test do): entries written at
 * once from many threads (in request transactions, in their own and over HTTP) form one unbroken chain; an entry
 * changed or removed by direct SQL is named as the first broken link; a chain rewritten and recomputed is found
 * against an anchor kept from before; only the administrator may verify; identity numbers in a refused request's
 * query string are masked.
 */
@EmbeddedApplicationTest
class AuditChainIntegrationTests extends AuditChainContract {

    Api api;

    @BeforeEach
    void connect() {
        api = Api.at(port);
    }

    @Test
    void entriesWrittenAtOnceFromManyThreadsFormOneChainThatVerifies() throws Exception {
        // given entries written at once: in transactions of their own, several in one transaction, and by requests
        long before = jdbc.queryForObject("SELECT COUNT(*) FROM audit_log", Long.class);
        writeAtOnce(12, 10);
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
    void aChainRewrittenAndRecomputedPastTheApplicationVerifiesLinkByLinkButNotAgainstAnAnchorKeptBeforeIt() {
        // given an anchor taken from the chain's head, as the hourly log line or a verify answer gives it
        audit.recordNow("chain.tester", AuditAction.WRITE, "chainrewrite", "r", "重算测试", 200);
        JsonNode anchored = verify();
        long seq = anchored.path("head").path("seq").asLong();
        String hash = anchored.path("head").path("hash").asText();
        audit.recordNow("chain.tester", AuditAction.WRITE, "chainrewrite", "r2", "重算测试之后", 200);
        long target = jdbc.queryForObject("SELECT chain_seq FROM audit_log WHERE entity = 'chainrewrite' AND entity_id = 'r'", Long.class);
        String original = jdbc.queryForObject("SELECT summary FROM audit_log WHERE chain_seq = ?", String.class, target);

        // when someone who may write the tables changes that entry and recomputes every hash after it, and the head
        rewrite(target, "重算测试:改过了");
        try {
            // then the chain holds link by link: without an anchor nothing shows
            assertThat(verify().path("ok").asBoolean()).isTrue();
            // but not against the anchor kept outside the database
            JsonNode v = verify("?anchorSeq=" + seq + "&anchorHash=" + hash);
            assertThat(v.path("ok").asBoolean()).as(v.toString()).isFalse();
            assertThat(v.path("anchor").path("holds").asBoolean(true)).isFalse();
            assertThat(v.path("firstBroken").path("seq").asLong()).isEqualTo(seq);
            assertThat(v.path("firstBroken").path("reason").asText()).contains("锚点", "重算");
        } finally {
            rewrite(target, original);
        }
        JsonNode restored = verify("?anchorSeq=" + seq + "&anchorHash=" + hash);
        assertThat(restored.path("ok").asBoolean()).as(restored.toString()).isTrue();
        assertThat(restored.path("anchor").path("holds").asBoolean()).isTrue();
    }

    /** Sets the summary of the entry at {@code seq} and recomputes the chain from it to the head, as an intruder could on H2. */
    private void rewrite(long seq, String summary) {
        new TransactionTemplate(transactions).executeWithoutResult(s -> {
            jdbc.queryForMap("SELECT last_seq FROM audit_chain_head WHERE id = 1 FOR UPDATE");
            jdbc.update("UPDATE audit_log SET summary = ? WHERE chain_seq = ?", summary, seq);
            String previous = jdbc.queryForObject("SELECT entry_hash FROM audit_log WHERE chain_seq = ?", String.class, seq - 1);
            List<AuditRow> rows = jdbc.query("SELECT " + AuditChainHash.COLUMNS + " FROM audit_log WHERE chain_seq >= ? ORDER BY chain_seq",
                    (rs, i) -> AuditChainHash.read(rs), seq);
            for (AuditRow r : rows) {
                previous = AuditChainHash.of(previous, r.chainSeq, r);
                jdbc.update("UPDATE audit_log SET entry_hash = ? WHERE id = ?", previous, r.id);
            }
            jdbc.update("UPDATE audit_chain_head SET last_hash = ? WHERE id = 1", previous);
        });
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
