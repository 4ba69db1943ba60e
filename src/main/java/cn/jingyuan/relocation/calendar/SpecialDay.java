package cn.jingyuan.relocation.calendar;

import java.time.LocalDate;

/** A holiday or a make-up working day, e.g. {@code 2025-10-01 HOLIDAY 国庆节、中秋节}, {@code 2025-09-28 MAKEUP_WORKDAY}. */
public record SpecialDay(LocalDate date, DayType type, String typeLabel, String name) {

    public SpecialDay(LocalDate date, DayType type, String name) {
        this(date, type, type.label(), name);
    }
}
