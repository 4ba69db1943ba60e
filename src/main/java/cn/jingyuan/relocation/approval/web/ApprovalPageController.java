package cn.jingyuan.relocation.approval.web;

import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import cn.jingyuan.relocation.approval.BatchDocuments;
import cn.jingyuan.relocation.approval.BatchService;
import cn.jingyuan.relocation.approval.BatchStatus;
import cn.jingyuan.relocation.approval.BatchView;
import cn.jingyuan.relocation.approval.DecisionRequest;
import cn.jingyuan.relocation.approval.process.BatchTaskListener;
import cn.jingyuan.relocation.household.ResettlementMode;
import cn.jingyuan.relocation.layout.NavItem;
import cn.jingyuan.relocation.layout.PageText;
import cn.jingyuan.relocation.layout.PageText.Problem;
import cn.jingyuan.relocation.layout.PageController;
import cn.jingyuan.relocation.security.Access;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.security.CurrentUsers;
import cn.jingyuan.relocation.security.Groups;
import cn.jingyuan.relocation.security.Role;
import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.shared.Coded;

/**
 * 领导审批: the batches waiting for me (deputy county head, county head), every batch's status (officer, admin), a
 * batch's cases with subsidy totals and the decision form (approve, approve with exclusions each with its own
 * opinion, reject; 文号 on the final approval), and the printable 审批表. Decisions go through {@link BatchService},
 * the same rules as {@code POST /api/batches/{id}/decision}.
 */
@PageController
class ApprovalPageController {

    static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy年M月d日 HH:mm");

    private final BatchService batches;
    private final PageText text;

    ApprovalPageController(BatchService batches, PageText text) {
        this.batches = batches;
        this.text = text;
    }

    /** A batch in a list: names and words only. */
    record BatchLine(long id, int year, String title, String statusLabel, boolean open, int households, int people, BigDecimal totalSubsidy,
                     String authorName, String createdAt, String documentNo) {
    }

    record CaseLine(String caseNo, String township, String village, String headName, String headIdNumber, int people, String modeLabel,
                    BigDecimal subsidy, String outcomeLabel, boolean pending, String opinion) {
    }

    record DecisionLine(String levelLabel, String decisionLabel, String deciderName, String decidedAt, String comment, String documentNo,
                        String excluded) {
    }

    record ModeLine(String label, int households, int people) {
    }

    record BatchPage(long id, int year, String title, String statusLabel, boolean open, int households, int people, BigDecimal totalSubsidy,
                     String authorName, String createdAt, String route, String awaitingLabel, String documentNo, String decidedAt,
                     List<BatchView.TownshipCount> byTownship, List<ModeLine> byMode, List<CaseLine> cases, List<DecisionLine> decisions,
                     String progress) {
    }

    @GetMapping("/approvals")
    String list(Model model) {
        CurrentUser user = CurrentUsers.current();
        requireCounty(user);
        Function<String, String> names = text.names();
        List<BatchView> all = batches.list(null, null, user).stream().sorted(Comparator.comparingLong(BatchView::id).reversed()).toList();
        List<BatchLine> mine = new ArrayList<>();
        List<BatchLine> others = new ArrayList<>();
        for (BatchView b : all) {
            BatchLine line = line(b, names);
            (isMyTurn(b.status(), user) ? mine : others).add(line);
        }
        model.addAttribute("leader", user.hasAny(Role.DEPUTY, Role.HEAD));
        model.addAttribute("mine", mine);
        model.addAttribute("others", others);
        return "approval/list";
    }

    @GetMapping("/approvals/{id}")
    String batch(@PathVariable long id, Model model) {
        CurrentUser user = CurrentUsers.current();
        requireCounty(user);
        BatchView b = batches.view(id, user);
        model.addAttribute("b", page(b));
        model.addAttribute("myTurn", isMyTurn(b.status(), user));
        model.addAttribute("finalLevel", isFinalLevel(b));
        if (!model.containsAttribute("problem")) {
            model.addAttribute("problem", null);
            model.addAttribute("form", Map.of());
        }
        return "approval/batch";
    }

    @GetMapping("/approvals/{id}/print")
    String print(@PathVariable long id, Model model) {
        CurrentUser user = CurrentUsers.current();
        requireCounty(user);
        model.addAttribute("b", page(batches.view(id, user)));
        return "approval/print";
    }

    /**
     * The decision form: {@code decision} APPROVE or REJECT, {@code exclude} the case numbers left out, each with
     * {@code opinion.<caseNo>}, {@code comment}, {@code documentNo}. A refusal shows the page again with the messages
     * beside their fields and everything as typed.
     */
    @PostMapping("/approvals/{id}/decision")
    String decide(@PathVariable long id, @RequestParam MultiValueMap<String, String> form, Model model, RedirectAttributes redirect) {
        CurrentUser user = CurrentUsers.current();
        requireCounty(user);
        String decision = form.getFirst("decision");
        List<String> excluded = form.getOrDefault("exclude", List.of());
        Map<String, String> fields = new LinkedHashMap<>();
        List<DecisionRequest.Exclusion> exclusions = new ArrayList<>();
        if (decision == null || !(decision.equals("APPROVE") || decision.equals("REJECT"))) {
            fields.put("decision", "请选择审批结论:同意或不同意");
        }
        for (String caseNo : excluded) {
            String opinion = form.getFirst("opinion." + caseNo);
            if (opinion == null || opinion.isBlank()) {
                fields.put("opinion." + caseNo, "暂不纳入的案件须逐户填写意见");
            }
            exclusions.add(new DecisionRequest.Exclusion(caseNo, opinion));
        }
        if ("REJECT".equals(decision) && !excluded.isEmpty()) {
            fields.put("exclude", "整批不同意时无需勾选暂不纳入的案件");
        }
        Problem problem = fields.isEmpty() ? null : new Problem("审批内容不完整,请按提示补充。", fields);
        if (problem == null) {
            try {
                batches.decide(id, new DecisionRequest(decision, null, exclusions, form.getFirst("comment"), form.getFirst("documentNo")), user);
                redirect.addFlashAttribute("notice", "REJECT".equals(decision) ? "已退回该批次。"
                        : excluded.isEmpty() ? "已同意该批次。" : "已同意该批次," + excluded.size() + "户暂不纳入。");
                return "redirect:/approvals/" + id;
            } catch (ApiException e) {
                problem = text.problem(e);
            }
        }
        model.addAttribute("problem", problem);
        model.addAttribute("form", form.toSingleValueMap());
        model.addAttribute("excludedNos", excluded);
        return batch(id, model);
    }

    private BatchPage page(BatchView b) {
        Function<String, String> names = text.names();
        List<CaseLine> cases = b.cases().stream().map(c -> new CaseLine(c.caseNo(), c.township(), c.village(), c.headName(), c.headIdNumber(),
                c.people(), c.resettlementModeLabel() == null ? "未定" : c.resettlementModeLabel(), c.subsidyAmount(),
                BatchDocuments.outcome(c.outcome()), "PENDING".equals(c.outcome()), c.opinion())).toList();
        List<ModeLine> modes = b.byMode().entrySet().stream().map(e -> new ModeLine(
                Coded.lookup(ResettlementMode.class, e.getKey()).map(ResettlementMode::label).orElse("未定"),
                e.getValue().households(), e.getValue().people())).toList();
        List<DecisionLine> decisions = b.decisions().stream().map(d -> new DecisionLine(d.levelLabel(), BatchDocuments.label(d.decision()),
                names.apply(d.decidedBy()), d.decidedAt().format(AT), d.comment(), d.documentNo(), String.join("、", d.excludedCaseNos()))).toList();
        String route = b.route() == null ? "审批路径确定中" : String.join(" → ", b.route().stream().map(ApprovalPageController::levelLabel).toList());
        String progress = b.progress() == null || b.progress().total() == 0 ? null
                : "已推进 " + b.progress().advanced() + " / " + b.progress().total() + " 户";
        return new BatchPage(b.id(), b.year(), b.title(), b.statusLabel(), BatchStatus.valueOf(b.status()).isOpen(), b.households(), b.people(),
                b.totalSubsidy(), names.apply(b.author()), b.createdAt().format(AT), route,
                b.awaiting() == null ? null : levelLabel(b.awaiting()), b.documentNo(), b.decidedAt() == null ? null : b.decidedAt().format(AT),
                b.byTownship(), modes, cases, decisions, progress);
    }

    private BatchLine line(BatchView b, Function<String, String> names) {
        return new BatchLine(b.id(), b.year(), b.title(), b.statusLabel(), BatchStatus.valueOf(b.status()).isOpen(), b.households(), b.people(),
                b.totalSubsidy(), names.apply(b.author()), b.createdAt().format(AT), b.documentNo());
    }

    static String levelLabel(String level) {
        return BatchTaskListener.HEAD.equals(level) ? "县长" : "分管副县长";
    }

    private static boolean isMyTurn(String status, CurrentUser user) {
        return BatchStatus.PENDING_DEPUTY.name().equals(status) && user.groups().contains(Groups.DEPUTY)
                || BatchStatus.PENDING_HEAD.name().equals(status) && user.groups().contains(Groups.HEAD);
    }

    /** Whether an approval now is the final one (and needs its 文号). */
    private static boolean isFinalLevel(BatchView b) {
        return BatchStatus.PENDING_HEAD.name().equals(b.status()) || !Boolean.TRUE.equals(b.needsHead());
    }

    private static void requireCounty(CurrentUser user) {
        Access.require(user, Role.DEPUTY, Role.HEAD, Role.OFFICER, Role.ADMIN);
    }

    @Configuration(proxyBeanMethods = false)
    static class Pages {

        /** The leaders start here: their approvals come before the task list. */
        @Bean
        NavItem leaderApprovalsNav() {
            return NavItem.of("领导审批", "/approvals", 5, Role.DEPUTY, Role.HEAD).landingFor(Role.DEPUTY, Role.HEAD);
        }

        @Bean
        NavItem officerApprovalsNav() {
            return NavItem.of("领导审批", "/approvals", 40, Role.OFFICER, Role.ADMIN);
        }
    }
}
