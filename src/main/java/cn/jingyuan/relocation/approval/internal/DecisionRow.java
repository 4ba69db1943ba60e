package cn.jingyuan.relocation.approval.internal;

import java.time.LocalDateTime;

/** A row of {@code approval_decision}: one leader's decision on a batch. */
public class DecisionRow {
    public Long id;
    public long batchId;
    public String level;
    public String decision;
    public String decidedBy;
    public LocalDateTime decidedAt;
    public String comment;
    public String documentNo;
    public String excludedCaseNos;
}
