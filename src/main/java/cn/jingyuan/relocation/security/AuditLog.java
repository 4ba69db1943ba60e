package cn.jingyuan.relocation.security;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.core.Ordered;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.jingyuan.relocation.security.internal.AuditChain;
import cn.jingyuan.relocation.security.internal.AuditGroupCommit;
import cn.jingyuan.relocation.security.internal.AuditMapper;
import cn.jingyuan.relocation.security.internal.AuditRow;
import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.shared.PageRequest;
import cn.jingyuan.relocation.shared.PageResult;
import cn.jingyuan.relocation.shared.Coded;

/**
 * The append-only, hash-chained audit trail (audit_log): only inserts and reads exist. A write's entry commits with
 * the write ({@link #record}); refusals and failed logins are recorded on their own ({@link #recordNow}), since their
 * request writes nothing else. Values before and after are stored as JSON, personal numbers masked by the caller;
 * identity numbers in a summary (a refused request's query string) are masked here.
 * <p>
 * Every entry is linked into one chain ({@link AuditChain}). The entries of a transaction are appended just before it
 * commits, so the chain head's lock is held for that moment only, not for the whole of a long write.
 */
@Service
public class AuditLog {

    private final AuditMapper audit;
    private final AuditChain chain;
    private final ObjectMapper json;
    private final AuditGroupCommit ownTransactions;
    private final Clock clock;

    AuditLog(AuditMapper audit, AuditChain chain, ObjectMapper json, PlatformTransactionManager transactions, Clock clock) {
        this.audit = audit;
        this.chain = chain;
        this.json = json;
        TransactionTemplate independent = new TransactionTemplate(transactions);
        independent.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.ownTransactions = new AuditGroupCommit(chain, independent);
        this.clock = clock;
    }

    /** An entry in the caller's transaction: it exists exactly when the write it describes does. */
    @Transactional
    public void record(AuditAction action, String entity, Object entityId, String summary, Map<String, ?> before, Map<String, ?> after) {
        AuditRow row = row(CurrentUsers.idOrSystem(), action, entity, entityId, summary, before, after, null);
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            chain.append(List.of(row));
            return;
        }
        Pending pending = TransactionSynchronizationManager.getSynchronizations().stream()
                .filter(Pending.class::isInstance).map(Pending.class::cast).findFirst().orElse(null);
        if (pending == null) {
            pending = new Pending();
            TransactionSynchronizationManager.registerSynchronization(pending);
        }
        if (pending.appended) {
            // recorded while the transaction commits, after its entries were appended: append this one at once
            chain.append(List.of(row));
        } else {
            pending.rows.add(row);
        }
    }

    /** The entries a transaction recorded, appended to the chain just before it commits (after the other synchronizations). */
    private final class Pending implements TransactionSynchronization {
        final List<AuditRow> rows = new ArrayList<>();
        boolean appended;

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            appended = true;
            chain.append(rows);
            rows.clear();
        }
    }

    /** An entry committed on its own, whatever happens to the request's transaction. */
    public void recordNow(String actor, AuditAction action, String entity, Object entityId, String summary, Integer status) {
        ownTransactions.append(row(actor, action, entity, entityId, summary, null, null, status));
    }

    /** Transactions that appended entries recorded on their own (several callers' entries share one when they coincide). */
    long ownTransactionsSoFar() {
        return ownTransactions.transactions();
    }

    /**
     * Walks the whole chain and names its first broken link (admin); with an {@code anchor} kept outside the database
     * (null for none), also whether the chain still holds that entry with that hash.
     */
    public AuditChain.Verification verify(CurrentUser user, AuditChain.Head anchor) {
        if (!user.has(Role.ADMIN)) {
            throw ApiException.forbidden("审计日志仅限系统管理员查阅 (the audit trail is for the administrator)");
        }
        return chain.verify(anchor);
    }

    /** Identity numbers (18 characters, the last a digit or X) anywhere in a text, masked as lists show them. */
    private static final Pattern ID_NUMBER = Pattern.compile("(?<![0-9A-Za-z])([1-9][0-9]{5})[0-9]{8}([0-9]{3}[0-9Xx])(?![0-9A-Za-z])");

    static String maskIdNumbers(String text) {
        return text == null ? null : ID_NUMBER.matcher(text).replaceAll("$1********$2");
    }

    @Transactional(readOnly = true)
    public PageResult<AuditEntry> find(String entity, String entityId, String actor, LocalDateTime from, LocalDateTime to, PageRequest page,
                                       CurrentUser user) {
        if (!user.has(Role.ADMIN)) {
            throw ApiException.forbidden("审计日志仅限系统管理员查阅 (the audit trail is for the administrator)");
        }
        long total = audit.count(blank(entity), blank(entityId), blank(actor), from, to);
        return new PageResult<>(audit.find(blank(entity), blank(entityId), blank(actor), from, to, page.offset(), page.size()).stream()
                .map(AuditLog::entry).toList(), total, page.page(), page.size());
    }

    /** A record's own entries, newest first (for its history). */
    @Transactional(readOnly = true)
    public java.util.List<AuditEntry> of(String entity, String entityId, int limit) {
        return audit.find(entity, entityId, null, null, null, 0, limit).stream().map(AuditLog::entry).toList();
    }

    private AuditRow row(String actor, AuditAction action, String entity, Object entityId, String summary, Map<String, ?> before,
                         Map<String, ?> after, Integer status) {
        AuditRow r = new AuditRow();
        // whole seconds, as a MySQL DATETIME keeps them: the hash is over the value as stored
        r.occurredAt = LocalDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS);
        r.actor = clip(actor == null ? "anonymous" : actor, 64);
        r.action = action.name();
        r.entity = clip(entity, 32);
        r.entityId = entityId == null ? null : clip(maskIdNumbers(String.valueOf(entityId)), 64);
        r.summary = clip(maskIdNumbers(summary), 500);
        r.beforeValue = toJson(before);
        r.afterValue = toJson(after);
        r.httpStatus = status;
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a) {
            r.remoteAddr = clip(a.getRequest().getRemoteAddr(), 64);
        }
        return r;
    }

    private String toJson(Map<String, ?> m) {
        if (m == null || m.isEmpty()) {
            return null;
        }
        try {
            return json.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static AuditEntry entry(AuditRow r) {
        String label = Coded.lookup(AuditAction.class, r.action).map(AuditAction::label).orElse(r.action);
        return new AuditEntry(r.id, r.occurredAt, r.actor, r.action, label, r.entity, r.entityId, r.summary, r.beforeValue, r.afterValue,
                r.httpStatus, r.remoteAddr);
    }

    /** At most {@code max} characters (code points, as the column counts them), never half a surrogate pair. */
    private static String clip(String s, int max) {
        if (s == null || s.codePointCount(0, s.length()) <= max) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, max));
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
