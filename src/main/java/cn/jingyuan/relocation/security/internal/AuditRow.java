package cn.jingyuan.relocation.security.internal;

import java.time.LocalDateTime;

/** A row of {@code audit_log}; {@code chainSeq} and {@code entryHash} are its link in the chain (see {@link AuditChainHash}). */
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
    public Long chainSeq;
    public String entryHash;
}
