package cn.jingyuan.relocation.annualplan.internal;

import java.time.LocalDateTime;

/** A row of {@code annual_plan}. */
public class PlanRow {
    public int planYear;
    public String status;
    public String note;
    public String createdBy;
    public LocalDateTime createdAt;
    public String approvedBy;
    public LocalDateTime approvedAt;
    public String processInstanceId;
    public int version;
}
