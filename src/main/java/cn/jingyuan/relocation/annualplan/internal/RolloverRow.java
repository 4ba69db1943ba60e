package cn.jingyuan.relocation.annualplan.internal;

import java.time.LocalDateTime;

/** A row of {@code rollover}. */
public class RolloverRow {
    public Long id;
    public int fromYear;
    public int toYear;
    public String status;
    public int households;
    public int people;
    public String reason;
    public String proposedBy;
    public LocalDateTime proposedAt;
    public String confirmedBy;
    public LocalDateTime confirmedAt;
    public LocalDateTime finishedAt;
}
