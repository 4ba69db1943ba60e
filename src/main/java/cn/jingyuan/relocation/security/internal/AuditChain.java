package cn.jingyuan.relocation.security.internal;

import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The chain of the audit trail: appends entries under the chain head's row lock and walks the chain to verify it.
 * The head ({@code audit_chain_head}, one row) holds the last entry's place and hash; an append locks it
 * ({@code SELECT ... FOR UPDATE}) in the caller's transaction, so appends from any thread or node follow one another
 * and the lock is released by that transaction's commit or rollback.
 */
@Component
public class AuditChain {

    private static final int CHUNK = 1000;

    private final AuditMapper audit;
    private final JdbcTemplate jdbc;

    AuditChain(AuditMapper audit, JdbcTemplate jdbc) {
        this.audit = audit;
        this.jdbc = jdbc;
    }

    /** Links the entries, in their order, after the chain's last one and inserts them; needs an open transaction. */
    public void append(List<AuditRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        Map<String, Object> head = jdbc.queryForMap("SELECT last_seq, last_hash FROM audit_chain_head WHERE id = 1 FOR UPDATE");
        long seq = ((Number) head.get("last_seq")).longValue();
        String hash = (String) head.get("last_hash");
        for (AuditRow r : rows) {
            seq++;
            r.chainSeq = seq;
            r.entryHash = AuditChainHash.of(hash, seq, r);
            hash = r.entryHash;
            audit.insert(r);
        }
        jdbc.update("UPDATE audit_chain_head SET last_seq = ?, last_hash = ? WHERE id = 1", seq, hash);
    }

    /** The outcome of a walk along the chain: {@code firstBroken} is null when every link holds. */
    public record Verification(boolean ok, long checked, Broken firstBroken) {
    }

    /** The first link that does not hold: the entry (null when entries are missing at the end), its place, why. */
    public record Broken(Long id, Long seq, String reason) {
    }

    /**
     * Walks the chain from its first entry to the head as it stood when the walk began (entries appended meanwhile
     * are left for the next walk) and recomputes every hash; then looks for entries outside the chain.
     */
    public Verification verify() {
        Map<String, Object> head = jdbc.queryForMap("SELECT last_seq, last_hash FROM audit_chain_head WHERE id = 1");
        long lastSeq = ((Number) head.get("last_seq")).longValue();
        String lastHash = (String) head.get("last_hash");
        String previous = AuditChainHash.GENESIS;
        long expected = 1;
        long checked = 0;
        while (expected <= lastSeq) {
            List<AuditRow> rows = jdbc.query("SELECT " + AuditChainHash.COLUMNS + " FROM audit_log WHERE chain_seq >= ? AND chain_seq <= ?"
                    + " ORDER BY chain_seq LIMIT " + CHUNK, (rs, i) -> AuditChainHash.read(rs), expected, lastSeq);
            if (rows.isEmpty()) {
                return new Verification(false, checked, new Broken(null, expected,
                        "链尾缺少第" + expected + "至" + lastSeq + "条记录 (entries " + expected + " to " + lastSeq + " are missing at the end)"));
            }
            for (AuditRow r : rows) {
                if (r.chainSeq != expected) {
                    return new Verification(false, checked, new Broken(r.id, r.chainSeq,
                            "此条之前缺少第" + expected + "条记录 (entry " + expected + " before it is missing)"));
                }
                if (!AuditChainHash.of(previous, r.chainSeq, r).equals(r.entryHash)) {
                    return new Verification(false, checked, new Broken(r.id, r.chainSeq,
                            "记录内容与其哈希不符,已被改动 (the entry does not match its hash: it was altered)"));
                }
                previous = r.entryHash;
                expected++;
                checked++;
            }
        }
        if (!previous.equals(lastHash)) {
            return new Verification(false, checked, new Broken(null, lastSeq, "链头与最后一条记录不符 (the chain head does not match the last entry)"));
        }
        List<Long> outside = jdbc.queryForList("SELECT id FROM audit_log WHERE chain_seq IS NULL ORDER BY id LIMIT 1", Long.class);
        if (!outside.isEmpty()) {
            return new Verification(false, checked, new Broken(outside.get(0), null,
                    "记录不在哈希链上,系未经本系统写入 (the entry is outside the chain: not written by the application)"));
        }
        return new Verification(true, checked, null);
    }
}
