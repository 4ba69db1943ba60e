package cn.jingyuan.relocation.worklist.internal;

import java.time.LocalDateTime;

/** An open step with its case decoration, read from work_item joined with the household. */
public class TaskRow {
    public String id;
    public String name;
    public String taskKey;
    public String assignee;
    public LocalDateTime created;
    public LocalDateTime due;
    public String processInstanceId;
    public String processKey;
    public String businessKey;
    public Long householdId;
    public String caseNo;
    public String townshipCode;
    public String townshipName;
    public String villageName;
    public String headName;
    public String stage;
    public int urgeCount;
}
