package cn.jingyuan.relocation.security.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.HexFormat;

/**
 * The hash of an audit entry in the chain: SHA-256 (hex) over the previous entry's hash, the entry's place in the
 * chain and each of its stored fields, every field written as its length and its text (or {@code ~} for none), so no
 * two different entries share a canonical form. The first entry's previous hash is {@link #GENESIS}.
 * The V012 migration, the appends and {@code GET /api/audit/verify} all hash through here: never change it for
 * entries already written.
 */
public final class AuditChainHash {

    public static final String GENESIS = "0".repeat(64);

    /** Every column of audit_log, for reading an entry back as it is stored. */
    public static final String COLUMNS = "id, chain_seq, entry_hash, occurred_at, actor, action, entity, entity_id, summary, before_value,"
            + " after_value, http_status, remote_addr";

    private AuditChainHash() {
    }

    public static String of(String previous, long seq, AuditRow r) {
        StringBuilder s = new StringBuilder(256);
        field(s, "audit-v1");
        field(s, previous);
        field(s, Long.toString(seq));
        field(s, r.occurredAt == null ? null : r.occurredAt.toString());
        field(s, r.actor);
        field(s, r.action);
        field(s, r.entity);
        field(s, r.entityId);
        field(s, r.summary);
        field(s, r.beforeValue);
        field(s, r.afterValue);
        field(s, r.httpStatus == null ? null : r.httpStatus.toString());
        field(s, r.remoteAddr);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static void field(StringBuilder s, String value) {
        if (value == null) {
            s.append('~');
        } else {
            s.append(value.length()).append(':').append(value);
        }
        s.append('|');
    }

    /** An entry as the database holds it (a result of {@code SELECT }{@link #COLUMNS}). */
    public static AuditRow read(ResultSet rs) throws SQLException {
        AuditRow r = new AuditRow();
        r.id = rs.getLong("id");
        long seq = rs.getLong("chain_seq");
        r.chainSeq = rs.wasNull() ? null : seq;
        r.entryHash = rs.getString("entry_hash");
        r.occurredAt = rs.getObject("occurred_at", LocalDateTime.class);
        r.actor = rs.getString("actor");
        r.action = rs.getString("action");
        r.entity = rs.getString("entity");
        r.entityId = rs.getString("entity_id");
        r.summary = rs.getString("summary");
        r.beforeValue = rs.getString("before_value");
        r.afterValue = rs.getString("after_value");
        int status = rs.getInt("http_status");
        r.httpStatus = rs.wasNull() ? null : status;
        r.remoteAddr = rs.getString("remote_addr");
        return r;
    }
}
