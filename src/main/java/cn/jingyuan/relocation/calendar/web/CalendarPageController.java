package cn.jingyuan.relocation.calendar.web;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import cn.jingyuan.relocation.calendar.CalendarService;
import cn.jingyuan.relocation.calendar.CalendarSource;
import cn.jingyuan.relocation.calendar.SpecialDay;
import cn.jingyuan.relocation.calendar.WorkingDays;
import cn.jingyuan.relocation.calendar.YearRequest;
import cn.jingyuan.relocation.calendar.YearSchedule;
import cn.jingyuan.relocation.layout.PageText;
import cn.jingyuan.relocation.layout.PageText.Problem;
import cn.jingyuan.relocation.layout.PageController;
import cn.jingyuan.relocation.security.Access;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.security.CurrentUsers;
import cn.jingyuan.relocation.security.Role;
import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.shared.FieldError;

/**
 * 系统管理 - 工作日历: a year's holidays and make-up working days, where they come from, and (for the years the
 * built-in schedule does not know) the bureau's table to enter or correct, through {@link CalendarService} like
 * {@code PUT /api/calendar/{year}}. Years ahead without a schedule are named at the top.
 */
@PageController
class CalendarPageController {

    static final int BLANK_ROWS = 6;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy年M月d日 HH:mm");

    private final CalendarService calendar;
    private final WorkingDays workingDays;
    private final PageText text;
    private final Clock clock;

    CalendarPageController(CalendarService calendar, WorkingDays workingDays, PageText text, Clock clock) {
        this.calendar = calendar;
        this.workingDays = workingDays;
        this.text = text;
        this.clock = clock;
    }

    /** One row of the editor: as saved, or as typed when the save was refused. */
    record Row(int index, String date, String type, String name, String error) {
    }

    @GetMapping("/admin/calendar")
    String year(@RequestParam(required = false) Integer year, Model model) {
        CurrentUser user = CurrentUsers.current();
        Access.require(user, Role.ADMIN, Role.OFFICER);
        int y = year == null ? LocalDate.now(clock).getYear() + 1 : year;
        YearSchedule s = calendar.year(y);
        model.addAttribute("year", y);
        model.addAttribute("schedule", s);
        model.addAttribute("unknown", s.source() == CalendarSource.NONE);
        model.addAttribute("updatedBy", s.updatedBy() == null ? null : text.name(s.updatedBy()));
        model.addAttribute("updatedAt", s.updatedAt() == null ? null : s.updatedAt().format(AT));
        model.addAttribute("missing", workingDays.yearsWithoutScheduleAhead());
        if (!model.containsAttribute("rows")) {
            List<Row> rows = new ArrayList<>();
            List<SpecialDay> days = s.days() == null ? List.of() : s.days();
            for (SpecialDay d : days) {
                rows.add(new Row(rows.size(), d.date().format(DAY), d.type().name(), d.name(), null));
            }
            for (int i = 0; i < BLANK_ROWS; i++) {
                rows.add(new Row(rows.size(), "", "HOLIDAY", "", null));
            }
            model.addAttribute("rows", rows);
            model.addAttribute("basis", s.basis());
            model.addAttribute("problem", null);
        }
        return "admin/calendar";
    }

    /** Replaces the year's days with the filled rows ({@code date.N}, {@code type.N}, {@code name.N}); blank rows are left out. */
    @PostMapping("/admin/calendar/{year}")
    String save(@PathVariable int year, @RequestParam MultiValueMap<String, String> form, Model model, RedirectAttributes redirect) {
        CurrentUser user = CurrentUsers.current();
        List<YearRequest.Entry> entries = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        List<Row> typed = new ArrayList<>();
        for (int i = 0; form.containsKey("date." + i); i++) {
            String date = form.getFirst("date." + i);
            String type = form.getFirst("type." + i);
            String name = form.getFirst("name." + i);
            typed.add(new Row(i, date, type, name, null));
            if ((date == null || date.isBlank()) && (name == null || name.isBlank())) {
                continue;
            }
            entries.add(new YearRequest.Entry(date, type, name));
            positions.add(i);
        }
        try {
            YearSchedule s = calendar.replace(year, new YearRequest(form.getFirst("basis"), entries), user);
            long holidays = s.days().stream().filter(d -> d.type().name().equals("HOLIDAY")).count();
            redirect.addFlashAttribute("notice", year + "年的节假日安排已保存:" + holidays + "个放假日," + (s.days().size() - holidays) + "个调休上班日。");
            return "redirect:/admin/calendar?year=" + year;
        } catch (ApiException e) {
            Map<Integer, String> byRow = new LinkedHashMap<>();
            for (FieldError f : e.errors()) {
                if (f.row() != null && f.row() >= 1 && f.row() <= positions.size()) {
                    byRow.merge(positions.get(f.row() - 1), text.readable(f.message()), (a, b) -> a + ";" + b);
                }
            }
            List<Row> rows = typed.stream().map(r -> new Row(r.index(), r.date(), r.type(), r.name(), byRow.get(r.index()))).toList();
            Problem p = text.problem(e);
            model.addAttribute("rows", rows);
            model.addAttribute("basis", form.getFirst("basis"));
            model.addAttribute("problem", p);
            return year(year, model);
        }
    }
}
