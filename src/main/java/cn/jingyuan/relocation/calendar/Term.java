package cn.jingyuan.relocation.calendar;

import java.math.BigDecimal;
import java.time.ZonedDateTime;
import java.util.GregorianCalendar;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeConstants;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.Duration;

/**
 * A period with its unit, as the county's policy states it: {@code 7WD} is seven working days (holidays and
 * weekends off, make-up working days worked), an ISO-8601 duration such as {@code P90D} or {@code PT12H} is
 * calendar time. Configuration binds it from text ({@link #valueOf}); the engine's timers take {@link #toString()}
 * and resolve it through the working-day business calendar; people read {@link #label()} ("7个工作日", "90天").
 */
public final class Term {

    private static final Pattern WORKING_DAYS = Pattern.compile("^(\\d{1,4})WD$");
    /** Camunda also takes weeks (P2W), which XML Schema durations do not. */
    private static final Pattern WEEKS = Pattern.compile("^P(\\d{1,4})W$");
    private static final DatatypeFactory XML;

    static {
        try {
            XML = DatatypeFactory.newInstance();
        } catch (DatatypeConfigurationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String text;
    private final int workingDays;
    private final Duration calendarTime;

    private Term(String text, int workingDays, Duration calendarTime) {
        this.text = text;
        this.workingDays = workingDays;
        this.calendarTime = calendarTime;
    }

    /**
     * Reads {@code 7WD} or an ISO-8601 duration ({@code P90D}, {@code PT12H}, {@code P1M}, {@code P2W}).
     *
     * @throws IllegalArgumentException naming what is wrong, for a bare number ("15": which unit?) among others
     */
    public static Term valueOf(String text) {
        String t = text == null ? "" : text.strip();
        Matcher wd = WORKING_DAYS.matcher(t);
        if (wd.matches()) {
            return new Term(t, Integer.parseInt(wd.group(1)), null);
        }
        if (t.matches("\\d+")) {
            throw new IllegalArgumentException("\"" + t + "\" has no unit: write " + t + "WD for working days or P" + t + "D for calendar days");
        }
        Matcher weeks = WEEKS.matcher(t);
        try {
            Duration d = weeks.matches() ? XML.newDuration(true, 0, 0, Integer.parseInt(weeks.group(1)) * 7, 0, 0, 0) : XML.newDuration(t);
            if (d.getSign() < 0) {
                throw new IllegalArgumentException("\"" + t + "\" is negative");
            }
            return new Term(t, -1, d);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            throw new IllegalArgumentException("\"" + t + "\" is neither working days (7WD) nor an ISO-8601 duration (P90D, PT12H)");
        }
    }

    public static Term workingDays(int days) {
        if (days < 0) {
            throw new IllegalArgumentException("working days must not be negative: " + days);
        }
        return new Term(days + "WD", days, null);
    }

    /** Whether the text is a term this class reads. */
    public static boolean isTerm(String text) {
        try {
            valueOf(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public boolean isWorkingDays() {
        return calendarTime == null;
    }

    /** The number of working days; only for {@link #isWorkingDays()}. */
    public int workingDays() {
        if (!isWorkingDays()) {
            throw new IllegalStateException(text + " counts calendar time, not working days");
        }
        return workingDays;
    }

    /** {@code start} plus this calendar time (in start's zone); only for terms that are not working days. */
    ZonedDateTime addCalendarTime(ZonedDateTime start) {
        GregorianCalendar c = GregorianCalendar.from(start);
        calendarTime.addTo(c);
        return c.toZonedDateTime();
    }

    /** As people read it: 7个工作日, 90天, 12小时, 1个月15天. */
    public String label() {
        if (isWorkingDays()) {
            return workingDays + "个工作日";
        }
        StringBuilder s = new StringBuilder();
        append(s, DatatypeConstants.YEARS, "年");
        append(s, DatatypeConstants.MONTHS, "个月");
        append(s, DatatypeConstants.DAYS, "天");
        append(s, DatatypeConstants.HOURS, "小时");
        append(s, DatatypeConstants.MINUTES, "分钟");
        append(s, DatatypeConstants.SECONDS, "秒");
        return s.isEmpty() ? "0天" : s.toString();
    }

    private void append(StringBuilder s, DatatypeConstants.Field field, String unit) {
        Number n = calendarTime.getField(field);
        if (n != null && new BigDecimal(n.toString()).signum() != 0) {
            s.append(new BigDecimal(n.toString()).stripTrailingZeros().toPlainString()).append(unit);
        }
    }

    /** The text as configured, e.g. {@code 7WD} or {@code P90D}: what the engine's business calendar reads. */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Term t && t.text.equals(text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text);
    }
}
