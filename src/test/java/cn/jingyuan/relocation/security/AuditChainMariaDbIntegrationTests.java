package cn.jingyuan.relocation.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;

import com.fasterxml.jackson.databind.JsonNode;

import cn.jingyuan.relocation.support.MariaDbApplicationTest;

/**
 * The hash-chained audit trail on MariaDB ({@link AuditChainContract}): entries written at once from many threads
 * and requests form one chain that verifies, and the database itself refuses every UPDATE and DELETE on audit_log, and a chain head that would
 * go backwards, whoever sends them.
 */
@MariaDbApplicationTest
class AuditChainMariaDbIntegrationTests extends AuditChainContract {

    @Test
    void entriesWrittenAtOnceFormOneChainThatVerifies() throws Exception {
        writeAtOnce(9, 8);

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
