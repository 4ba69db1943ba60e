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

    /**
     * The outcome of a walk along the chain: {@code firstBroken} is null when every link holds; {@code head} is the
     * chain head the walk went up to (an anchor to keep outside the database); {@code anchor} is what became of the
     * anchor the walk was given, or null.
     */
    public record Verification(boolean ok, long checked, Broken firstBroken, Head head, Anchor anchor) {
    }

    /** The first link that does not hold: the entry (null when entries are missing at the end), its place, why. */
    public record Broken(Long id, Long seq, String reason) {
    }

    /** The chain's last entry: its place and hash. */
    public record Head(long seq, String hash) {
    }

    /**
     * An anchor (an entry's place and hash, kept outside the database) and whether the stored chain still holds it:
     * null when the walk stopped at a broken link before reaching it.
     */
    public record Anchor(long seq, String hash, Boolean holds) {
    }

    /** The chain head as it stands. */
    public Head head() {
        Map<String, Object> head = jdbc.queryForMap("SELECT last_seq, last_hash FROM audit_chain_head WHERE id = 1");
        return new Head(((Number) head.get("last_seq")).longValue(), (String) head.get("last_hash"));
    }

    public Verification verify() {
        return verify(null);
    }

    /**
     * Walks the chain from its first entry to the head as it stood when the walk began (entries appended meanwhile
     * are left for the next walk) and recomputes every hash; then looks for entries outside the chain. With an
     * {@code anchor} (a place and hash taken from the chain earlier and kept elsewhere), the entry at that place must
     * still carry that hash: a chain rewritten and recomputed from an entry before the anchor verifies link by link,
     * but not against the anchor.
     */
    public Verification verify(Head anchor) {
        Head head = head();
        long lastSeq = head.seq();
        String previous = AuditChainHash.GENESIS;
        long expected = 1;
        long checked = 0;
        Boolean anchorHolds = null;
        while (expected <= lastSeq) {
            List<AuditRow> rows = jdbc.query("SELECT " + AuditChainHash.COLUMNS + " FROM audit_log WHERE chain_seq >= ? AND chain_seq <= ?"
                    + " ORDER BY chain_seq LIMIT " + CHUNK, (rs, i) -> AuditChainHash.read(rs), expected, lastSeq);
            if (rows.isEmpty()) {
                return broken(checked, new Broken(null, expected,
                        "链尾缺少第" + expected + "至" + lastSeq + "条记录 (entries " + expected + " to " + lastSeq + " are missing at the end)"), head, anchor, null);
            }
            for (AuditRow r : rows) {
                if (r.chainSeq != expected) {
                    return broken(checked, new Broken(r.id, r.chainSeq,
                            "此条之前缺少第" + expected + "条记录 (entry " + expected + " before it is missing)"), head, anchor, null);
                }
                if (!AuditChainHash.of(previous, r.chainSeq, r).equals(r.entryHash)) {
                    return broken(checked, new Broken(r.id, r.chainSeq,
                            "记录内容与其哈希不符,已被改动 (the entry does not match its hash: it was altered)"), head, anchor, null);
                }
                if (anchor != null && anchor.seq() == r.chainSeq) {
                    anchorHolds = anchor.hash().equalsIgnoreCase(r.entryHash);
                    if (!anchorHolds) {
                        return broken(checked, new Broken(r.id, r.chainSeq, "此条的哈希与保存在库外的锚点不符,哈希链已被改写并重算"
                                + " (the entry's hash is not the anchored one: the chain was rewritten and recomputed)"), head, anchor, false);
                    }
                }
                previous = r.entryHash;
                expected++;
                checked++;
            }
        }
        if (!previous.equals(head.hash())) {
            return broken(checked, new Broken(null, lastSeq, "链头与最后一条记录不符 (the chain head does not match the last entry)"), head, anchor, anchorHolds);
        }
        if (anchor != null && anchorHolds == null) {
            return broken(checked, new Broken(null, anchor.seq(), "锚点所在的第" + anchor.seq() + "条记录已不在链上,链只到第" + lastSeq
                    + "条 (the chain ends before the anchored entry: entries were cut off)"), head, anchor, false);
        }
        List<Long> outside = jdbc.queryForList("SELECT id FROM audit_log WHERE chain_seq IS NULL ORDER BY id LIMIT 1", Long.class);
        if (!outside.isEmpty()) {
            return broken(checked, new Broken(outside.get(0), null,
                    "记录不在哈希链上,系未经本系统写入 (the entry is outside the chain: not written by the application)"), head, anchor, anchorHolds);
        }
        return new Verification(true, checked, null, head, anchor == null ? null : new Anchor(anchor.seq(), anchor.hash(), true));
    }

    private static Verification broken(long checked, Broken first, Head head, Head anchor, Boolean holds) {
        return new Verification(false, checked, first, head, anchor == null ? null : new Anchor(anchor.seq(), anchor.hash(), holds));
    }
}
