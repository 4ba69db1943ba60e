package cn.jingyuan.relocation.calendar;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import cn.jingyuan.relocation.calendar.internal.CalendarDayRow;
import cn.jingyuan.relocation.calendar.internal.CalendarMapper;
import cn.jingyuan.relocation.calendar.internal.CalendarYearRow;
import cn.jingyuan.relocation.calendar.internal.LibraryHolidays;
import cn.jingyuan.relocation.security.Access;
import cn.jingyuan.relocation.security.AccountDirectory;
import cn.jingyuan.relocation.security.AuditAction;
import cn.jingyuan.relocation.security.AuditLog;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.security.Role;
import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.shared.Coded;
import cn.jingyuan.relocation.shared.FieldError;

/**
 * Reading and maintaining the working-day calendar year by year ({@code /api/calendar}, the page under 系统管理).
 * The years the built-in State Council schedule knows are read-only; every other year is the bureau's to enter
 * (admin, officer), replaced as a whole, checked entry by entry, and audited.
 */
@Service
public class CalendarService {

    public static final int FIRST_YEAR = 2000;
    public static final int LAST_YEAR = 2100;
    private static final int NAME_MAX = 50;
    private static final int BASIS_MAX = 200;

    private final CalendarMapper mapper;
    private final LibraryHolidays library;
    private final WorkingDays workingDays;
    private final AccountDirectory accounts;
    private final AuditLog audit;
    private final Clock clock;

    CalendarService(CalendarMapper mapper, LibraryHolidays library, WorkingDays workingDays, AccountDirectory accounts,
                    AuditLog audit, Clock clock) {
        this.mapper = mapper;
        this.library = library;
        this.workingDays = workingDays;
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public YearSchedule year(int year) {
        checkRange(year);
        var fromLibrary = library.year(year);
        if (fromLibrary.isPresent()) {
            return new YearSchedule(year, CalendarSource.LIBRARY, CalendarSource.LIBRARY.label(), null, fromLibrary.get(), false, null, null, null);
        }
        CalendarYearRow row = mapper.findYear(year);
        if (row == null) {
            return new YearSchedule(year, CalendarSource.NONE, CalendarSource.NONE.label(), null, null, true, null, null, null);
        }
        List<SpecialDay> days = mapper.findDays(year).stream()
                .map(d -> new SpecialDay(d.dayDate, DayType.valueOf(d.dayType), d.name)).toList();
        return new YearSchedule(year, CalendarSource.BUREAU, CalendarSource.BUREAU.label(), row.basis, days, true, row.updatedBy,
                nameOf(row.updatedBy), row.updatedAt);
    }

    /**
     * Replaces the special days of a year the library does not know. Every entry is checked (a date of that year,
     * a known type, a make-up working day on a Saturday or Sunday, no date twice, at least one holiday); any
     * problem is a 422 listing each bad entry by its position, and nothing is written.
     */
    @Transactional
    public YearSchedule replace(int year, YearRequest request, CurrentUser user) {
        Access.require(user, Role.ADMIN, Role.OFFICER);
        checkRange(year);
        if (library.year(year).isPresent()) {
            throw ApiException.conflict(year + "年的节假日安排来自国务院发布的安排(系统内置),不能在此修改 (the built-in schedule knows this year)");
        }
        if (request == null || request.days() == null) {
            throw ApiException.badRequest("缺少 days:该年度的放假日和调休上班日 (days is required)",
                    List.of(FieldError.of("days", "必填")));
        }
        List<CalendarDayRow> rows = check(year, request);
        String basis = request.basis() == null || request.basis().isBlank() ? null : request.basis().strip();

        YearSchedule before = year(year);
        CalendarYearRow y = new CalendarYearRow();
        y.calYear = year;
        y.basis = basis;
        y.updatedBy = user.id();
        y.updatedAt = LocalDateTime.now(clock);
        if (mapper.lockYear(year) == null) {
            mapper.insertYear(y);
        } else {
            mapper.updateYear(y);
            mapper.deleteDays(year);
        }
        mapper.insertDays(rows);
        long holidays = rows.stream().filter(r -> r.dayType.equals(DayType.HOLIDAY.name())).count();
        audit.record(AuditAction.UPDATE, "calendar", year, year + "年节假日安排:" + holidays + "个放假日," + (rows.size() - holidays) + "个调休上班日",
                before.days() == null ? null : summary(before.days()), summary(rows.stream()
                        .map(r -> new SpecialDay(r.dayDate, DayType.valueOf(r.dayType), r.name)).toList()));
        forgetAfterCommit(year);
        return year(year);
    }

    private List<CalendarDayRow> check(int year, YearRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request.basis() != null && request.basis().strip().length() > BASIS_MAX) {
            errors.add(new FieldError(null, "basis", null, "依据文件不能超过" + BASIS_MAX + "个字"));
        }
        Map<LocalDate, Integer> seen = new HashMap<>();
        List<CalendarDayRow> rows = new ArrayList<>();
        boolean anyHoliday = false;
        for (int i = 0; i < request.days().size(); i++) {
            int row = i + 1;
            YearRequest.Entry e = request.days().get(i);
            if (e == null) {
                errors.add(new FieldError(row, "date", null, "第" + row + "条为空"));
                continue;
            }
            LocalDate date = null;
            if (e.date() == null || e.date().isBlank()) {
                errors.add(new FieldError(row, "date", null, "缺少日期 (date is required)"));
            } else {
                try {
                    date = LocalDate.parse(e.date().strip());
                } catch (DateTimeParseException x) {
                    errors.add(new FieldError(row, "date", e.date(), "日期应写成 yyyy-MM-dd,如 " + year + "-10-01"));
                }
            }
            if (date != null && date.getYear() != year) {
                errors.add(new FieldError(row, "date", e.date(), "日期不在" + year + "年内(跨年的调休日请在其所在年度维护)"));
                date = null;
            }
            DayType type = Coded.lookup(DayType.class, e.type()).orElse(null);
            if (type == null) {
                errors.add(new FieldError(row, "type", e.type(), "类型应为 放假(HOLIDAY) 或 调休上班(MAKEUP_WORKDAY)"));
            }
            if (date != null && type == DayType.MAKEUP_WORKDAY && date.getDayOfWeek() != DayOfWeek.SATURDAY
                    && date.getDayOfWeek() != DayOfWeek.SUNDAY) {
                errors.add(new FieldError(row, "type", e.type(), e.date().strip() + "是" + weekday(date) + ",本来就是工作日:调休上班日应为周六或周日"));
            }
            String name = e.name() == null || e.name().isBlank() ? null : e.name().strip();
            if (name != null && name.length() > NAME_MAX) {
                errors.add(new FieldError(row, "name", null, "名称不能超过" + NAME_MAX + "个字"));
            }
            if (type == DayType.HOLIDAY && name == null) {
                errors.add(new FieldError(row, "name", null, "放假日须写明节日名称,如 春节"));
            }
            if (date != null) {
                Integer first = seen.putIfAbsent(date, row);
                if (first != null) {
                    errors.add(new FieldError(row, "date", e.date(), "与第" + first + "条日期重复"));
                }
            }
            if (type == DayType.HOLIDAY) {
                anyHoliday = true;
            }
            if (date != null && type != null) {
                rows.add(new CalendarDayRow(date, year, type.name(), name != null ? name : type.label()));
            }
        }
        if (!anyHoliday && errors.isEmpty()) {
            errors.add(new FieldError(null, "days", null, "至少应有一个放假日 (at least one holiday)"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(year + "年的节假日安排有" + errors.size() + "处错误,未保存 (nothing was saved)", errors);
        }
        rows.sort(java.util.Comparator.comparing(r -> r.dayDate));
        return rows;
    }

    private static Map<String, String> summary(List<SpecialDay> days) {
        Map<String, String> m = new LinkedHashMap<>();
        days.forEach(d -> m.put(d.date().toString(), d.typeLabel() + " " + d.name()));
        return m;
    }

    private void forgetAfterCommit(int year) {
        workingDays.forget(year);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    workingDays.forget(year);
                }
            });
        }
    }

    private String nameOf(String userId) {
        if (userId == null || "system".equals(userId)) {
            return "系统";
        }
        return accounts.displayName(userId).filter(n -> !n.isBlank()).orElse("未知用户");
    }

    private static String weekday(LocalDate d) {
        return "星期" + "一二三四五六日".charAt(d.getDayOfWeek().getValue() - 1);
    }

    private static void checkRange(int year) {
        if (year < FIRST_YEAR || year > LAST_YEAR) {
            throw ApiException.badRequest("年度应在" + FIRST_YEAR + "到" + LAST_YEAR + "之间 (year out of range)",
                    List.of(new FieldError(null, "year", Integer.toString(year), "年度应在" + FIRST_YEAR + "到" + LAST_YEAR + "之间")));
        }
    }
}
