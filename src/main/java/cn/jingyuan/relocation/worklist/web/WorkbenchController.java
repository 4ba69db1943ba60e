package cn.jingyuan.relocation.worklist.web;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import cn.jingyuan.relocation.calendar.WorkingDays;
import cn.jingyuan.relocation.household.Stage;
import cn.jingyuan.relocation.household.TownshipDirectory;
import cn.jingyuan.relocation.layout.NavItem;
import cn.jingyuan.relocation.security.AccountDirectory;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.security.CurrentUsers;
import cn.jingyuan.relocation.security.Role;
import cn.jingyuan.relocation.shared.PageRequest;
import cn.jingyuan.relocation.shared.PageResult;
import cn.jingyuan.relocation.worklist.TaskView;
import cn.jingyuan.relocation.worklist.WorklistService;

import java.time.Clock;

/** 工作台: the steps waiting for me, with filters, and (tabs) what I did, what was copied to me, my messages. */
@Controller
class WorkbenchController {

    static final int PAGE_SIZE = 20;

    private final WorklistService worklist;
    private final TownshipDirectory townships;
    private final AccountDirectory accounts;
    private final WorkingDays calendar;
    private final Clock clock;

    WorkbenchController(WorklistService worklist, TownshipDirectory townships, AccountDirectory accounts, WorkingDays calendar, Clock clock) {
        this.worklist = worklist;
        this.townships = townships;
        this.accounts = accounts;
        this.calendar = calendar;
        this.clock = clock;
    }

    /** One row of 待办 as the page shows it: names and labels only. */
    record TodoRow(String taskId, String caseNo, String headName, String township, String village, String stepName,
                   String stageLabel, String holder, boolean unclaimed, String dueText, String dueCss, boolean overdue) {
    }

    @GetMapping("/workbench")
    String workbench(@RequestParam(required = false) String township, @RequestParam(required = false) String stage,
                     @RequestParam(required = false) Boolean overdue, @RequestParam(required = false) Integer page, Model model) {
        CurrentUser user = CurrentUsers.current();
        PageResult<TaskView> tasks = worklist.list("todo", user.isCountyWide() ? township : null, stage, overdue,
                PageRequest.of(page, PAGE_SIZE), user);
        LocalDate today = LocalDate.now(clock);
        Map<String, String> names = new HashMap<>();
        List<TodoRow> rows = tasks.items().stream().map(t -> {
            DueText due = DueText.of(t.due(), t.overdue(), today, calendar);
            String holder = t.assignee() == null ? "本组待认领"
                    : names.computeIfAbsent(t.assignee(), id -> accounts.displayName(id).filter(n -> !n.isBlank()).orElse("(未登记姓名)"));
            return new TodoRow(t.id(), t.caseNo(), t.headName(), t.township(), t.village(), t.name(), t.stageLabel(), holder,
                    t.assignee() == null, due.text(), due.css(), t.overdue());
        }).toList();
        model.addAttribute("rows", rows);
        model.addAttribute("total", tasks.total());
        model.addAttribute("countyWide", user.isCountyWide());
        model.addAttribute("townships", townships.all());
        model.addAttribute("stages", Stage.values());
        model.addAttribute("filter", Map.of("township", township == null ? "" : township, "stage", stage == null ? "" : stage,
                "overdue", Boolean.TRUE.equals(overdue)));
        return "worklist/workbench";
    }

    @Configuration(proxyBeanMethods = false)
    static class Pages {

        @Bean
        NavItem workbenchNav() {
            return NavItem.of("工作台", "/workbench", 10).landingFor(Role.values());
        }
    }
}
