package cn.jingyuan.relocation.calendar.web;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import cn.jingyuan.relocation.calendar.CalendarService;
import cn.jingyuan.relocation.calendar.WorkingDays;
import cn.jingyuan.relocation.calendar.YearRequest;
import cn.jingyuan.relocation.calendar.YearSchedule;
import cn.jingyuan.relocation.security.CurrentUsers;
import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.shared.FieldError;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/calendar")
@Tag(name = "calendar", description = "工作日历:法定节假日与调休 (the working-day calendar)")
class CalendarController {

    private final CalendarService calendar;
    private final WorkingDays workingDays;

    CalendarController(CalendarService calendar, WorkingDays workingDays) {
        this.calendar = calendar;
        this.workingDays = workingDays;
    }

    @GetMapping("/{year}")
    @Operation(summary = "某年的放假日与调休上班日;source 说明来源,未维护的年度 days 为 null")
    YearSchedule year(@PathVariable int year) {
        CurrentUsers.current();
        return calendar.year(year);
    }

    @PutMapping("/{year}")
    @Operation(summary = "替换某年(系统内置安排以外的年度)的放假日与调休上班日 (admin, officer)")
    YearSchedule replace(@PathVariable int year, @RequestBody YearRequest request) {
        return calendar.replace(year, request, CurrentUsers.current());
    }

    @GetMapping("/add-workdays")
    @Operation(summary = "from 之后的第 days 个工作日")
    WorkdayAnswer addWorkdays(@RequestParam String from, @RequestParam String days) {
        CurrentUsers.current();
        LocalDate start;
        try {
            start = LocalDate.parse(from.strip());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("from 应为日期,如 2025-04-30 (from must be yyyy-MM-dd)",
                    List.of(new FieldError(null, "from", from, "应为 yyyy-MM-dd")));
        }
        int n;
        try {
            n = Integer.parseInt(days.strip());
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 0 || n > WorkingDays.MAX_DAYS) {
            throw ApiException.badRequest("days 应为0到" + WorkingDays.MAX_DAYS + "之间的整数 (days out of range)",
                    List.of(new FieldError(null, "days", days, "应为0到" + WorkingDays.MAX_DAYS + "之间的整数")));
        }
        LocalDate date = workingDays.addWorkingDays(start, n);
        return new WorkdayAnswer(start, n, date, workingDays.yearsWithoutSchedule(start, date));
    }

    @GetMapping("/status")
    @Operation(summary = "今明两年中尚无节假日安排的年度(这些年度的期限只按周末计算)")
    CalendarStatus status() {
        CurrentUsers.current();
        return new CalendarStatus(workingDays.yearsWithoutScheduleAhead());
    }

    /** The answer of add-workdays; {@code yearsWithoutSchedule}: years crossed that counted weekends only. */
    record WorkdayAnswer(LocalDate from, int days, LocalDate date, List<Integer> yearsWithoutSchedule) {
    }

    record CalendarStatus(List<Integer> yearsWithoutSchedule) {
    }
}
