package cn.jingyuan.relocation.worklist.internal;

import java.time.LocalDateTime;

/** One row of work_item: a user task of any process as the read model keeps it. */
public class WorkItemRow {
    public String taskId;
    public String processInstanceId;
    public String processKey;
    public String taskKey;
    public String taskName;
    public String caseNo;
    public Long householdId;
    public String townshipCode;
    public String candidateGroup;
    public String assignee;
    public String ownerId;
    public String stage;
    public String state;
    public String endReason;
    public LocalDateTime createdAt;
    public LocalDateTime dueAt;
    public LocalDateTime touchedAt;
    public LocalDateTime completedAt;
    public String completedBy;
    public Long completedMs;
    public int urgeCount;
    public LocalDateTime lastUrgedAt;
    public boolean superseded;
    /** The list's order key: the due date, or TaskFilter.NO_DUE for none. */
    public LocalDateTime listDue;
    /** Only in 已办 lists: the case's current stage and township name. */
    public String caseStage;
    public String townshipName;
    public String villageName;
    public String headName;
}
