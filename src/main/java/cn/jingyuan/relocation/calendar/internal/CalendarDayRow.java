package cn.jingyuan.relocation.calendar.internal;

import java.time.LocalDate;

/** A row of calendar_day: one holiday or make-up working day of a year the bureau entered. */
public class CalendarDayRow {
    public LocalDate dayDate;
    public int calYear;
    public String dayType;
    public String name;

    public CalendarDayRow() {
    }

    public CalendarDayRow(LocalDate dayDate, int calYear, String dayType, String name) {
        this.dayDate = dayDate;
        this.calYear = calYear;
        this.dayType = dayType;
        this.name = name;
    }
}
