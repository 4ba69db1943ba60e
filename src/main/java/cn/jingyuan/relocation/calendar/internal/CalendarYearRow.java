package cn.jingyuan.relocation.calendar.internal;

import java.time.LocalDateTime;

/** A row of calendar_year: a year the bureau entered. */
public class CalendarYearRow {
    public int calYear;
    public String basis;
    public String updatedBy;
    public LocalDateTime updatedAt;
}
