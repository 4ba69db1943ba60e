package cn.jingyuan.relocation.relocationcase.internal;

import java.time.LocalDateTime;

/** A row of {@code case_event}. */
public class CaseEventRow {
    public Long id;
    public long householdId;
    public String caseNo;
    public String eventType;
    public String stage;
    public String taskId;
    public String taskKey;
    public String taskName;
    public String actor;
    public String actorName;
    public LocalDateTime occurredAt;
    public String decision;
    public String comment;
    public String details;
}
