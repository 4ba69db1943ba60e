package cn.jingyuan.relocation.calendar;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

import cn.jingyuan.relocation.calendar.internal.CalendarMapper;
import cn.jingyuan.relocation.calendar.internal.CalendarYearRow;
import cn.jingyuan.relocation.calendar.internal.LibraryHolidays;
import cn.jingyuan.relocation.shared.TimeConfig;

/**
 * The county's working days: Monday to Friday, except the statutory holidays, plus the weekend days worked
 * instead (调休). A year's schedule comes from the built-in State Council schedule when the library knows the year,
 * otherwise from the bureau's table; a year with neither counts weekends only, is logged once, and is reported by
 * {@link #yearsWithoutSchedule} so the dashboard can say so. Used by due dates, the engine's timers (through the
 * working-day business calendar) and {@code /api/calendar}.
 *
 * <p>Years are cached; a year read from the bureau's table (or found missing) is read again after
 * {@code relocation.calendar.cache-ttl} (default one minute), so a change made on another node applies there too.
 */
@Service
public class WorkingDays {

    private static final Logger log = LoggerFactory.getLogger(WorkingDays.class);
    /** The furthest a deadline may be counted, in working days (some 14 years). */
    public static final int MAX_DAYS = 3650;

    private final CalendarMapper mapper;
    private final LibraryHolidays library;
    private final Clock clock;
    private final Duration ttl;
    private final Map<Integer, Loaded> years = new ConcurrentHashMap<>();
    private final Set<Integer> warned = ConcurrentHashMap.newKeySet();

    WorkingDays(CalendarMapper mapper, LibraryHolidays library, Clock clock,
                @Value("${relocation.calendar.cache-ttl:PT1M}") Duration ttl) {
        this.mapper = mapper;
        this.library = library;
        this.clock = clock;
        this.ttl = ttl;
    }

    public boolean isWorkingDay(LocalDate day) {
        SpecialDay special = loaded(day.getYear()).days.get(day);
        if (special != null) {
            return special.type() == DayType.MAKEUP_WORKDAY;
        }
        return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
    }

    /**
     * The {@code days}-th working day after {@code from} ({@code from} itself for 0): one working day after
     * 2025-04-30 is 2025-05-06 (May Day), after 2025-04-25 it is Sunday 2025-04-27 (a make-up working day).
     */
    public LocalDate addWorkingDays(LocalDate from, int days) {
        if (days < 0 || days > MAX_DAYS) {
            throw new IllegalArgumentException("working days must be between 0 and " + MAX_DAYS + ": " + days);
        }
        LocalDate d = from;
        for (int left = days; left > 0; ) {
            d = d.plusDays(1);
            if (isWorkingDay(d)) {
                left--;
            }
        }
        return d;
    }

    /** The first working day after {@code day}. */
    public LocalDate nextWorkingDay(LocalDate day) {
        return addWorkingDays(day, 1);
    }

    /**
     * When a term that starts at {@code start} ends: for working days the same time of day on the N-th working day
     * after the start's date (county time); for calendar time the ISO duration added.
     */
    public ZonedDateTime after(ZonedDateTime start, Term term) {
        if (!term.isWorkingDays()) {
            return term.addCalendarTime(start);
        }
        ZonedDateTime local = start.withZoneSameInstant(TimeConfig.COUNTY_ZONE);
        return addWorkingDays(local.toLocalDate(), term.workingDays()).atTime(local.toLocalTime()).atZone(TimeConfig.COUNTY_ZONE);
    }

    public Date after(Date start, Term term) {
        return Date.from(after(start.toInstant().atZone(TimeConfig.COUNTY_ZONE), term).toInstant());
    }

    /** Where the year's holidays come from. */
    public CalendarSource sourceOf(int year) {
        return loaded(year).source;
    }

    /** The years between the two dates (inclusive) that have no holiday schedule, in order. */
    public List<Integer> yearsWithoutSchedule(LocalDate from, LocalDate to) {
        List<Integer> missing = new ArrayList<>();
        for (int y = from.getYear(); y <= to.getYear(); y++) {
            if (sourceOf(y) == CalendarSource.NONE) {
                missing.add(y);
            }
        }
        return missing;
    }

    /**
     * The years of this year and the next without a schedule: what the dashboard warns about, since deadlines
     * counted into such a year treat its holidays as working days. The next year's schedule is usually published
     * in November.
     */
    public List<Integer> yearsWithoutScheduleAhead() {
        LocalDate today = LocalDate.now(clock);
        return yearsWithoutSchedule(today, today.plusYears(1));
    }

    /** Drops the cached year, after the bureau changed it. */
    void forget(int year) {
        years.remove(year);
        warned.remove(year);
    }

    /** The year's special days as the calculation uses them, in date order; null for a year without schedule. */
    List<SpecialDay> specialDays(int year) {
        Loaded l = loaded(year);
        return l.source == CalendarSource.NONE ? null : l.days.values().stream().sorted(java.util.Comparator.comparing(SpecialDay::date)).toList();
    }

    private Loaded loaded(int year) {
        long now = System.nanoTime();
        Loaded l = years.get(year);
        if (l == null || l.source != CalendarSource.LIBRARY && now - l.loadedAt > ttl.toNanos()) {
            l = load(year, now);
            years.put(year, l);
        }
        return l;
    }

    private Loaded load(int year, long now) {
        var fromLibrary = library.year(year);
        if (fromLibrary.isPresent()) {
            return new Loaded(CalendarSource.LIBRARY, index(fromLibrary.get()), now);
        }
        CalendarYearRow row = mapper.findYear(year);
        if (row != null) {
            List<SpecialDay> days = mapper.findDays(year).stream()
                    .map(d -> new SpecialDay(d.dayDate, DayType.valueOf(d.dayType), d.name)).toList();
            return new Loaded(CalendarSource.BUREAU, index(days), now);
        }
        if (warned.add(year)) {
            log.warn("No holiday schedule for {}: its deadlines count weekends only until the bureau enters it (PUT /api/calendar/{})",
                    year, year);
        }
        return new Loaded(CalendarSource.NONE, Map.of(), now);
    }

    private static Map<java.time.LocalDate, SpecialDay> index(List<SpecialDay> days) {
        return days.stream().collect(Collectors.toUnmodifiableMap(SpecialDay::date, Function.identity(), (a, b) -> a));
    }

    private record Loaded(CalendarSource source, Map<LocalDate, SpecialDay> days, long loadedAt) {
    }
}
