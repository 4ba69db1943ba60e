package cn.jingyuan.relocation.calendar.internal;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import com.nlf.calendar.Holiday;
import com.nlf.calendar.util.HolidayUtil;

import cn.jingyuan.relocation.calendar.DayType;
import cn.jingyuan.relocation.calendar.SpecialDay;

/**
 * The State Council's holiday schedule as {@code cn.6tail:lunar} carries it (version 1.6.3: 2002 to 2023). A year
 * counts as known when the library has at least one day off for one of that year's own holidays; the make-up days
 * it lists at the end of the year before (29 and 30 December 2001 for New Year 2002) do not make that year known.
 */
@Component
public class LibraryHolidays {

    /** The year's special days, in date order, or empty when the library does not know the year. */
    public Optional<List<SpecialDay>> year(int year) {
        List<Holiday> holidays = HolidayUtil.getHolidays(year);
        boolean known = holidays.stream().anyMatch(h -> !h.isWork() && h.getTarget().startsWith(year + "-"));
        if (!known) {
            return Optional.empty();
        }
        return Optional.of(holidays.stream()
                .map(h -> new SpecialDay(LocalDate.parse(h.getDay()), h.isWork() ? DayType.MAKEUP_WORKDAY : DayType.HOLIDAY, h.getName()))
                .sorted(java.util.Comparator.comparing(SpecialDay::date))
                .toList());
    }
}
