package cn.jingyuan.relocation.security;

import java.time.LocalDateTime;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One line of the audit trail. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEntry(long id, LocalDateTime at, String actor, String action, String actionLabel, String entity, String entityId,
                         String summary, String before, String after, Integer httpStatus, String remoteAddr) {
}
