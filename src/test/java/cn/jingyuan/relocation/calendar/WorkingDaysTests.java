package cn.jingyuan.relocation.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

import cn.jingyuan.relocation.calendar.internal.CalendarDayRow;
import cn.jingyuan.relocation.calendar.internal.CalendarMapper;
import cn.jingyuan.relocation.calendar.internal.CalendarYearRow;
import cn.jingyuan.relocation.calendar.internal.LibraryHolidays;
import cn.jingyuan.relocation.shared.TimeConfig;

/**
 * The calculation over the three sources: the library's schedule (2023: Mid-Autumn and National Day 29 September
 * to 6 October off, Saturday 7 and Sunday 8 October worked), the bureau's table (a made-up 2031 here) and a year
 * nobody entered.
 */
class WorkingDaysTests {

    final CalendarMapper mapper = mock(CalendarMapper.class);
    final Clock clock = Clock.fixed(LocalDate.of(2030, 6, 1).atStartOfDay(ZoneOffset.ofHours(8)).toInstant(), TimeConfig.COUNTY_ZONE);
    final WorkingDays days = new WorkingDays(mapper, new LibraryHolidays(), clock, Duration.ofMinutes(1));

    @Test
    void theLibrarysYearsCountItsHolidaysAndMakeUpDaysWithoutReadingTheTable() {
        assertThat(days.sourceOf(2023)).isEqualTo(CalendarSource.LIBRARY);
        assertThat(days.isWorkingDay(LocalDate.of(2023, 10, 2))).as("Monday in the holiday").isFalse();
        assertThat(days.isWorkingDay(LocalDate.of(2023, 10, 7))).as("Saturday worked").isTrue();
        assertThat(days.addWorkingDays(LocalDate.of(2023, 9, 28), 1)).isEqualTo(LocalDate.of(2023, 10, 7));
        assertThat(days.addWorkingDays(LocalDate.of(2023, 9, 28), 3)).isEqualTo(LocalDate.of(2023, 10, 9));
        verify(mapper, never()).findYear(anyInt());
    }

    @Test
    void theBureausYearsCountWhatTheBureauEntered() {
        bureauYear2031();
        assertThat(days.sourceOf(2031)).isEqualTo(CalendarSource.BUREAU);
        assertThat(days.addWorkingDays(LocalDate.of(2031, 4, 30), 1)).as("1-5 May off").isEqualTo(LocalDate.of(2031, 5, 6));
        assertThat(days.addWorkingDays(LocalDate.of(2031, 4, 25), 1)).as("Sunday 27 April worked").isEqualTo(LocalDate.of(2031, 4, 27));
        assertThat(days.yearsWithoutSchedule(LocalDate.of(2031, 1, 1), LocalDate.of(2031, 12, 31))).isEmpty();
    }

    @Test
    void aYearNobodyEnteredCountsWeekendsOnlyAndIsReported() {
        assertThat(days.sourceOf(2030)).isEqualTo(CalendarSource.NONE);
        assertThat(days.isWorkingDay(LocalDate.of(2030, 10, 1))).as("no schedule: National Day counts as a Tuesday").isTrue();
        assertThat(days.addWorkingDays(LocalDate.of(2030, 10, 4), 1)).as("Friday to Monday").isEqualTo(LocalDate.of(2030, 10, 7));
        assertThat(days.yearsWithoutScheduleAhead()).as("today is 1 June 2030").containsExactly(2030, 2031);
        bureauYear2031();
        days.forget(2031);
        assertThat(days.yearsWithoutScheduleAhead()).containsExactly(2030);
    }

    @Test
    void zeroWorkingDaysIsTheStartItself() {
        assertThat(days.addWorkingDays(LocalDate.of(2023, 10, 1), 0)).isEqualTo(LocalDate.of(2023, 10, 1));
    }

    @Test
    void aTermInWorkingDaysKeepsTheTimeOfDayAndCalendarTimeIsAddedAsIs() {
        ZonedDateTime posted = ZonedDateTime.of(2023, 9, 28, 10, 30, 0, 0, TimeConfig.COUNTY_ZONE);
        assertThat(days.after(posted, Term.valueOf("3WD"))).isEqualTo(ZonedDateTime.of(2023, 10, 9, 10, 30, 0, 0, TimeConfig.COUNTY_ZONE));
        assertThat(days.after(posted, Term.valueOf("P7D"))).isEqualTo(posted.plusDays(7));
        assertThat(days.after(posted.withZoneSameInstant(ZoneOffset.UTC), Term.valueOf("1WD")))
                .as("counted in county time whatever the zone it comes in").isEqualTo(ZonedDateTime.of(2023, 10, 7, 10, 30, 0, 0, TimeConfig.COUNTY_ZONE));
    }

    private void bureauYear2031() {
        CalendarYearRow year = new CalendarYearRow();
        year.calYear = 2031;
        when(mapper.findYear(2031)).thenReturn(year);
        when(mapper.findDays(2031)).thenReturn(List.of(
                new CalendarDayRow(LocalDate.of(2031, 4, 27), 2031, "MAKEUP_WORKDAY", "劳动节"),
                new CalendarDayRow(LocalDate.of(2031, 5, 1), 2031, "HOLIDAY", "劳动节"),
                new CalendarDayRow(LocalDate.of(2031, 5, 2), 2031, "HOLIDAY", "劳动节"),
                new CalendarDayRow(LocalDate.of(2031, 5, 5), 2031, "HOLIDAY", "劳动节")));
    }
}
