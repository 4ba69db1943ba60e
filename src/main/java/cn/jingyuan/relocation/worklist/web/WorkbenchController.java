package cn.jingyuan.relocation.worklist.web;

import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import cn.jingyuan.relocation.layout.PageController;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import cn.jingyuan.relocation.calendar.WorkingDays;
import cn.jingyuan.relocation.household.HouseholdService;
import cn.jingyuan.relocation.household.Stage;
import cn.jingyuan.relocation.household.TownshipDirectory;
import cn.jingyuan.relocation.layout.NavItem;
import cn.jingyuan.relocation.security.AccountDirectory;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.security.CurrentUsers;
import cn.jingyuan.relocation.security.Role;
import cn.jingyuan.relocation.steps.Copies;
import cn.jingyuan.relocation.worklist.WorklistService;
import cn.jingyuan.relocation.shared.PageRequest;

/** 工作台: the steps waiting for me, with filters, and (tabs) what I did, what was copied to me, my messages. */
@PageController
class WorkbenchController {

    static final int PAGE_SIZE = 20;

    private final WorklistService worklist;
    private final TownshipDirectory townships;
    private final AccountDirectory accounts;
    private final WorkingDays calendar;
    private final Clock clock;
    private final HouseholdService households;
    private final Copies copies;

    WorkbenchController(WorklistService worklist, TownshipDirectory townships, AccountDirectory accounts, WorkingDays calendar, Clock clock,
                        HouseholdService households, Copies copies) {
        this.households = households;
        this.copies = copies;
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
    String workbench(@RequestParam(required = false) String township, @RequestParam(required = false) Long village,
                     @RequestParam(required = false) String stage, @RequestParam(required = false) Boolean overdue,
                     @RequestParam(required = false) String after, Model model) {
        CurrentUser user = CurrentUsers.current();
        String ownTownship = user.isCountyWide() ? township : null;
        WorklistService.TodoPage tasks = worklist.todo(ownTownship, village, stage, Boolean.TRUE.equals(overdue), after, PAGE_SIZE, user);
        LocalDate today = LocalDate.now(clock);
        Map<String, String> names = new HashMap<>();
        List<TodoRow> rows = tasks.items().stream().map(t -> {
            DueText due = DueText.of(t.due(), t.overdue(), today, calendar);
            String holder = t.assignee() == null ? "本组待认领"
                    : names.computeIfAbsent(t.assignee(), id -> accounts.displayName(id).filter(n -> !n.isBlank()).orElse("(未登记姓名)"));
            return new TodoRow(t.id(), t.caseNo(), t.headName(), t.township(), t.village(), t.name(), t.stageLabel(), holder,
                    t.assignee() == null, due.text(), due.css(), t.overdue());
        }).toList();
        long overdueCount = Boolean.TRUE.equals(overdue) ? tasks.total()
                : worklist.todo(ownTownship, village, stage, true, null, 1, user).total();
        model.addAttribute("tab", "todo");
        model.addAttribute("rows", rows);
        model.addAttribute("total", tasks.total());
        model.addAttribute("overdueCount", overdueCount);
        model.addAttribute("next", tasks.next());
        model.addAttribute("paged", after != null && !after.isBlank());
        model.addAttribute("countyWide", user.isCountyWide());
        model.addAttribute("townships", townships.all());
        model.addAttribute("villages", user.isCountyWide() && (township == null || township.isBlank()) ? List.of()
                : households.villages(ownTownship, user));
        model.addAttribute("stages", Stage.values());
        Map<String, Object> filter = new HashMap<>();
        filter.put("township", township == null ? "" : township);
        filter.put("village", village);
        filter.put("stage", stage == null ? "" : stage);
        filter.put("overdue", Boolean.TRUE.equals(overdue));
        model.addAttribute("filter", filter);
        return "worklist/workbench";
    }

    /** One row of 已办: the step I completed, when, and where its case stands now. */
    record DoneRow(String caseNo, String headName, String township, String village, String stepName, java.time.LocalDateTime completedAt,
                   String caseStageLabel) {
    }

    @GetMapping("/workbench/done")
    String done(@RequestParam(required = false) String after, Model model) {
        CurrentUser user = CurrentUsers.current();
        WorklistService.DonePage page = worklist.done(after, PageRequest.of(0, PAGE_SIZE), user);
        model.addAttribute("tab", "done");
        model.addAttribute("rows", page.items().stream().map(t -> new DoneRow(t.caseNo(), t.headName(), t.township(), t.village(), t.name(),
                t.completedAt(), t.caseStageLabel())).toList());
        model.addAttribute("total", page.total());
        model.addAttribute("next", page.next());
        model.addAttribute("paged", after != null && !after.isBlank());
        model.addAttribute("countyWide", user.isCountyWide());
        return "worklist/done";
    }

    @GetMapping("/workbench/copies")
    String copiesToMe(@RequestParam(defaultValue = "false") boolean unread, @RequestParam(required = false) Integer page, Model model) {
        model.addAttribute("tab", "copies");
        model.addAttribute("page", copies.mine(unread, PageRequest.of(page, PAGE_SIZE), CurrentUsers.current()));
        model.addAttribute("unreadOnly", unread);
        return "worklist/copies";
    }

    @PostMapping("/workbench/copies/{id}/read")
    String readCopy(@PathVariable long id, @RequestParam(required = false) String caseNo) {
        copies.markRead(id, CurrentUsers.current());
        return caseNo == null || caseNo.isBlank() ? "redirect:/workbench/copies" : "redirect:/cases/" + caseNo;
    }

    @Configuration(proxyBeanMethods = false)
    static class Pages {

        @Bean
        NavItem workbenchNav() {
            return NavItem.of("工作台", "/workbench", 10).landingFor(Role.values());
        }
    }
}
