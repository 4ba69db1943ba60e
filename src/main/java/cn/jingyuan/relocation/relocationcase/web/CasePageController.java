package cn.jingyuan.relocation.relocationcase.web;

import java.time.LocalDate;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import cn.jingyuan.relocation.household.HazardSite;
import cn.jingyuan.relocation.household.HouseholdDetail;
import cn.jingyuan.relocation.household.HouseholdService;
import cn.jingyuan.relocation.household.Stage;
import cn.jingyuan.relocation.layout.PageController;
import cn.jingyuan.relocation.relocationcase.CaseView;
import cn.jingyuan.relocation.relocationcase.RelocationCaseService;
import cn.jingyuan.relocation.security.AccountDirectory;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.security.CurrentUsers;
import cn.jingyuan.relocation.security.Role;
import cn.jingyuan.relocation.shared.Coded;

/**
 * 案件详情 / 一户一档: the household and its members (masked; the officer and finance may reveal, audited), the hazard
 * site, the open steps, the history, the process diagram with the case's way through it, the payments; printable
 * on A4.
 */
@PageController
class CasePageController {

    static final String CASE_PROCESS_FILE = "relocation-case.bpmn";

    private final RelocationCaseService cases;
    private final HouseholdService households;
    private final AccountDirectory accounts;
    private final ProcessDiagram diagrams;
    private final CaseLabels labels;
    private final Clock clock;

    CasePageController(RelocationCaseService cases, HouseholdService households, AccountDirectory accounts, ProcessDiagram diagrams,
                       CaseLabels labels, Clock clock) {
        this.cases = cases;
        this.households = households;
        this.accounts = accounts;
        this.diagrams = diagrams;
        this.labels = labels;
        this.clock = clock;
    }

    /** An open step as the page shows it. */
    record OpenStep(String taskId, String name, String holder, LocalDate due, boolean overdue) {
    }

    /** A payment with its milestone in words and the name of who recorded it. */
    record PaymentLine(int trancheNo, String milestone, java.math.BigDecimal amount, LocalDate paidOn, String voucherNo, String recordedBy) {
    }

    @GetMapping("/cases/{caseNo}")
    String caseFile(@PathVariable String caseNo, @RequestParam(defaultValue = "false") boolean reveal, Model model) {
        CurrentUser user = CurrentUsers.current();
        CaseView view = cases.view(caseNo, user);
        HouseholdDetail household = households.get(view.householdId(), user, reveal);
        HazardSite site = household.hazardSiteCode() == null ? null : households.hazardSites(household.townshipCode()).stream()
                .filter(s -> s.code().equals(household.hazardSiteCode())).findFirst().orElse(null);
        Map<String, String> names = new HashMap<>();
        List<OpenStep> open = view.openTasks().stream().map(t -> new OpenStep(t.id(), t.name(),
                t.assignee() == null ? "本组待认领" : name(t.assignee(), names), t.due() == null ? null : t.due().toLocalDate(), t.overdue())).toList();
        List<PaymentLine> payments = view.payments().stream().map(p -> new PaymentLine(p.trancheNo(),
                Coded.lookup(Stage.class, p.milestone()).map(Stage::label).orElse("第" + p.trancheNo() + "笔"), p.amount(), p.paidOn(),
                p.voucherNo(), p.recordedBy() == null ? "" : name(p.recordedBy(), names))).toList();
        Set<String> visited = new HashSet<>();
        view.history().stream().filter(e -> e.taskKey() != null).forEach(e -> visited.add(e.taskKey()));
        Set<String> current = new HashSet<>();
        view.openTasks().forEach(t -> current.add(t.taskDefinitionKey()));
        model.addAttribute("caseView", view);
        model.addAttribute("household", household);
        model.addAttribute("site", site);
        model.addAttribute("open", open);
        model.addAttribute("payments", payments);
        model.addAttribute("labels", labels);
        model.addAttribute("diagram", diagrams.svg(CASE_PROCESS_FILE, visited, current));
        model.addAttribute("mayReveal", user.hasAny(Role.OFFICER, Role.FINANCE, Role.ADMIN) && !reveal);
        model.addAttribute("printedOn", LocalDate.now(clock));
        return "relocationcase/case";
    }

    private String name(String userId, Map<String, String> names) {
        if ("system".equals(userId)) {
            return "系统";
        }
        return names.computeIfAbsent(userId, id -> accounts.displayName(id).filter(n -> !n.isBlank()).orElse("(未登记姓名)"));
    }
}
