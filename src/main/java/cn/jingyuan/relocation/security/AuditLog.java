package cn.jingyuan.relocation.security;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.Map;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.jingyuan.relocation.security.internal.AuditMapper;
import cn.jingyuan.relocation.security.internal.AuditRow;
import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.shared.PageRequest;
import cn.jingyuan.relocation.shared.PageResult;

/**
 * The append-only audit trail (audit_log): only inserts and reads exist. A write's entry commits with the write
 * ({@link #record}); refusals and failed logins are recorded on their own ({@link #recordNow}), since their request
 * writes nothing else. Values before and after are stored as JSON, personal numbers masked by the caller.
 */
@Service
public class AuditLog {

    private final AuditMapper audit;
    private final ObjectMapper json;
    private final TransactionTemplate independent;
    private final Clock clock;

    AuditLog(AuditMapper audit, ObjectMapper json, PlatformTransactionManager transactions, Clock clock) {
        this.audit = audit;
        this.json = json;
        this.independent = new TransactionTemplate(transactions);
        this.independent.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /** An entry in the caller's transaction: it exists exactly when the write it describes does. */
    @Transactional
    public void record(AuditAction action, String entity, Object entityId, String summary, Map<String, ?> before, Map<String, ?> after) {
        audit.insert(row(CurrentUsers.idOrSystem(), action, entity, entityId, summary, before, after, null));
    }

    /** An entry committed on its own, whatever happens to the request's transaction. */
    public void recordNow(String actor, AuditAction action, String entity, Object entityId, String summary, Integer status) {
        independent.executeWithoutResult(s -> audit.insert(row(actor, action, entity, entityId, summary, null, null, status)));
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
        r.occurredAt = LocalDateTime.now(clock);
        r.actor = actor == null ? "anonymous" : actor;
        r.action = action.name();
        r.entity = entity;
        r.entityId = entityId == null ? null : String.valueOf(entityId);
        r.summary = summary == null ? null : summary.length() > 500 ? summary.substring(0, 500) : summary;
        r.beforeValue = toJson(before);
        r.afterValue = toJson(after);
        r.httpStatus = status;
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a) {
            r.remoteAddr = a.getRequest().getRemoteAddr();
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
        String label = cn.jingyuan.relocation.shared.Coded.lookup(AuditAction.class, r.action).map(AuditAction::label).orElse(r.action);
        return new AuditEntry(r.id, r.occurredAt, r.actor, r.action, label, r.entity, r.entityId, r.summary, r.beforeValue, r.afterValue,
                r.httpStatus, r.remoteAddr);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
