package cn.jingyuan.relocation.security.internal;

import java.time.LocalDateTime;

/** A row of {@code audit_log}. */
public class AuditRow {
    public Long id;
    public LocalDateTime occurredAt;
    public String actor;
    public String action;
    public String entity;
    public String entityId;
    public String summary;
    public String beforeValue;
    public String afterValue;
    public Integer httpStatus;
    public String remoteAddr;
}
