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

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import cn.jingyuan.relocation.support.Api;

/**
 * What the hash-chained audit trail does alike on H2 and MariaDB: entries written at once by many threads and
 * requests, the answer of {@code GET /api/audit/verify} with the chain's head, and anchors given back to it.
 */
abstract class AuditChainContract {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    AuditLog audit;
    @Autowired
    PlatformTransactionManager transactions;

    JsonNode verify() {
        return verify("");
    }

    /** The administrator's verify, with {@code query} (such as {@code ?anchorSeq=1&anchorHash=...}); must answer 200. */
    JsonNode verify(String query) {
        Api.Response r = Api.at(port).as("admin").get("/api/audit/verify" + query);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    /**
     * Writes entries at once from {@code threads} threads, {@code rounds} each, a third of them each way: one entry in
     * a transaction of its own, two entries in one transaction, a refused request (one entry, written by the filter).
     */
    void writeAtOnce(int threads, int rounds) throws Exception {
        Api api = Api.at(port);
        TransactionTemplate tx = new TransactionTemplate(transactions);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
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
        } finally {
            pool.shutdown();
        }
    }

    /**
     * Entries recorded on their own by many callers at once, while the chain's head is locked by another transaction,
     * are appended together once it lets go: a few transactions for twenty entries, not twenty one after the other;
     * every entry is there and the chain verifies.
     */
    @Test
    void entriesRecordedOnTheirOwnAtOnceShareTransactions() throws Exception {
        int callers = 20;
        TransactionTemplate tx = new TransactionTemplate(transactions);
        CountDownLatch headLocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers + 1);
        try {
            Future<?> holder = pool.submit(() -> tx.executeWithoutResult(s -> {
                jdbc.queryForObject("SELECT last_seq FROM audit_chain_head WHERE id = 1 FOR UPDATE", Long.class);
                headLocked.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            assertThat(headLocked.await(30, TimeUnit.SECONDS)).isTrue();
            long before = audit.ownTransactionsSoFar();
            CountDownLatch calling = new CountDownLatch(callers);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                String tag = "合并提交" + i;
                done.add(pool.submit(() -> {
                    calling.countDown();
                    audit.recordNow("chain.tester", AuditAction.WRITE, "chaingroup", tag, tag, 200);
                    return null;
                }));
            }
            assertThat(calling.await(30, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(500); // the callers are queued behind the head by now
            release.countDown();
            holder.get(60, TimeUnit.SECONDS);
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertThat(audit.ownTransactionsSoFar() - before).as("transactions for %d entries", callers).isBetween(1L, 5L);
        } finally {
            release.countDown();
            pool.shutdown();
        }
        assertThat(jdbc.queryForList("SELECT entity_id FROM audit_log WHERE entity = 'chaingroup'", String.class)).hasSize(callers)
                .doesNotHaveDuplicates();
        assertThat(verify().path("ok").asBoolean()).isTrue();
    }

    @Test
    void theAnswerNamesTheChainsHeadAndAnAnchorTakenFromItHoldsWhileAnotherHashAtItsPlaceIsReported() {
        audit.recordNow("chain.tester", AuditAction.WRITE, "chainanchor", "a", "锚点测试", 200);
        JsonNode first = verify();
        assertThat(first.path("ok").asBoolean()).as(first.toString()).isTrue();
        long seq = first.path("head").path("seq").asLong();
        String hash = first.path("head").path("hash").asText();
        assertThat(seq).isGreaterThanOrEqualTo(first.path("checked").asLong()).isPositive();
        assertThat(hash).matches("[0-9a-f]{64}");
        assertThat(jdbc.queryForObject("SELECT entry_hash FROM audit_log WHERE chain_seq = ?", String.class, seq)).isEqualTo(hash);
        assertThat(first.path("anchor").isNull() || first.path("anchor").isMissingNode()).isTrue();

        // later, with more entries: the anchor kept from the first answer still holds
        audit.recordNow("chain.tester", AuditAction.WRITE, "chainanchor", "b", "锚点测试之后", 200);
        JsonNode later = verify("?anchorSeq=" + seq + "&anchorHash=" + hash.toUpperCase());
        assertThat(later.path("ok").asBoolean()).as(later.toString()).isTrue();
        assertThat(later.path("anchor").path("holds").asBoolean()).isTrue();
        assertThat(later.path("head").path("seq").asLong()).isGreaterThan(seq);

        // an anchor whose hash is not the one at its place: the chain there is not the one anchored
        String other = jdbc.queryForObject("SELECT entry_hash FROM audit_log WHERE chain_seq = ?", String.class, seq - 1);
        JsonNode wrong = verify("?anchorSeq=" + seq + "&anchorHash=" + other);
        assertThat(wrong.path("ok").asBoolean()).as(wrong.toString()).isFalse();
        assertThat(wrong.path("anchor").path("holds").asBoolean(true)).isFalse();
        assertThat(wrong.path("firstBroken").path("seq").asLong()).isEqualTo(seq);
        assertThat(wrong.path("firstBroken").path("reason").asText()).contains("锚点");
        // an anchor past the end of the chain: entries were cut off
        JsonNode past = verify("?anchorSeq=" + (later.path("head").path("seq").asLong() + 1000) + "&anchorHash=" + hash);
        assertThat(past.path("ok").asBoolean()).isFalse();
        assertThat(past.path("firstBroken").path("reason").asText()).contains("锚点");

        // half an anchor, or a malformed one, is a 400 naming the parameter
        for (String[] bad : new String[][] {{"?anchorSeq=" + seq, "anchorHash"}, {"?anchorHash=" + hash, "anchorSeq"},
                {"?anchorSeq=x&anchorHash=" + hash, "anchorSeq"}, {"?anchorSeq=0&anchorHash=" + hash, "anchorSeq"},
                {"?anchorSeq=" + seq + "&anchorHash=abc", "anchorHash"}}) {
            Api.Response r = Api.at(port).as("admin").get("/api/audit/verify" + bad[0]);
            assertThat(r.status()).as(bad[0]).isEqualTo(400);
            assertThat(r.text()).as(bad[0]).contains(bad[1]);
        }
    }
}
