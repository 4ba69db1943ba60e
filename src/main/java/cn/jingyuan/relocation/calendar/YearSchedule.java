package cn.jingyuan.relocation.calendar;

import java.time.LocalDateTime;
import java.util.List;

/**
 * A year of the working-day calendar: where its data comes from and its special days, in date order;
 * {@code days} is null when the year is unknown ({@link CalendarSource#NONE}).
 *
 * @param basis     the document the bureau entered the year from, if it said
 * @param editable  whether the bureau may replace the year's days (every year the library does not know)
 */
public record YearSchedule(int year, CalendarSource source, String sourceLabel, String basis, List<SpecialDay> days,
                           boolean editable, String updatedBy, String updatedByName, LocalDateTime updatedAt) {
}
