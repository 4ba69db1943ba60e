package cn.jingyuan.relocation.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import cn.jingyuan.relocation.support.Api;
import cn.jingyuan.relocation.support.MariaDbApplicationTest;

/**
 * The hash-chained audit trail on MariaDB: entries written at once from many threads and requests form one chain
 * that verifies, and the database itself refuses every UPDATE and DELETE on audit_log, and a chain head that would
 * go backwards, whoever sends them.
 */
@MariaDbApplicationTest
class AuditChainMariaDbIntegrationTests {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    AuditLog audit;
    @Autowired
    PlatformTransactionManager transactions;

    private JsonNode verify() {
        Api.Response r = Api.at(port).as("admin").get("/api/audit/verify");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    @Test
    void entriesWrittenAtOnceFormOneChainThatVerifies() throws Exception {
        Api api = Api.at(port);
        TransactionTemplate tx = new TransactionTemplate(transactions);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(9);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 9; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 8; i++) {
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

        JsonNode v = verify();

        assertThat(v.path("ok").asBoolean()).as(v.toString()).isTrue();
        long n = jdbc.queryForObject("SELECT COUNT(*) FROM audit_log", Long.class);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_log WHERE chain_seq IS NULL", Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_log WHERE entity = 'chaintest'", Long.class)).isEqualTo(3 * 8 + 3 * 16);
        assertThat(v.path("checked").asLong()).isGreaterThanOrEqualTo(n);
        assertThat(jdbc.queryForList("SELECT chain_seq FROM audit_log ORDER BY id", Long.class)).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void theDatabaseRefusesToChangeOrDeleteAuditEntries() {
        audit.recordNow("chain.tester", AuditAction.WRITE, "chainguard", "g", "只可追加", 200);
        Map<String, Object> entry = jdbc.queryForMap("SELECT * FROM audit_log WHERE entity = 'chainguard' ORDER BY id DESC LIMIT 1");
        Object id = entry.get("id");
        long count = jdbc.queryForObject("SELECT COUNT(*) FROM audit_log", Long.class);

        assertThatThrownBy(() -> jdbc.update("UPDATE audit_log SET summary = '改写' WHERE id = ?", id))
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("UPDATE audit_log SET actor = 'someone' WHERE action = 'WRITE'"))
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM audit_log WHERE id = ?", id))
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM audit_log"))
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        // nor may the chain's head be wound back to hide entries cut off its end
        assertThatThrownBy(() -> jdbc.update("UPDATE audit_chain_head SET last_seq = last_seq - 1 WHERE id = 1"))
                .isInstanceOf(DataAccessException.class).hasMessageContaining("forward");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM audit_chain_head"))
                .isInstanceOf(DataAccessException.class);

        assertThat(jdbc.queryForMap("SELECT * FROM audit_log WHERE id = ?", id)).isEqualTo(entry);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_log", Long.class)).isGreaterThanOrEqualTo(count);
        assertThat(verify().path("ok").asBoolean()).isTrue();
    }
}
