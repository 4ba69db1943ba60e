package cn.jingyuan.relocation.approval.internal;

import java.math.BigDecimal;
import java.time.LocalDateTime;

/** A row of {@code approval_batch}. */
public class BatchRow {
    public Long id;
    public int planYear;
    public String title;
    public String status;
    public String author;
    public LocalDateTime createdAt;
    public int households;
    public int people;
    public BigDecimal totalSubsidy;
    public Boolean needsHead;
    public String documentNo;
    public LocalDateTime decidedAt;
    public String processInstanceId;
    public int version;
}
