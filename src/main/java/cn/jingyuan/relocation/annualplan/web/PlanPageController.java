package cn.jingyuan.relocation.annualplan.web;

import static cn.jingyuan.relocation.annualplan.process.AnnualPlanProcess.TASK_APPROVE_PLAN;
import static cn.jingyuan.relocation.annualplan.process.AnnualPlanProcess.TASK_CONFIRM_ROLLOVER;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.jingyuan.relocation.annualplan.Counter;
import cn.jingyuan.relocation.annualplan.PlanRequest;
import cn.jingyuan.relocation.annualplan.PlanService;
import cn.jingyuan.relocation.annualplan.PlanStatus;
import cn.jingyuan.relocation.annualplan.PlanView;
import cn.jingyuan.relocation.annualplan.RolloverService;
import cn.jingyuan.relocation.annualplan.RolloverView;
import cn.jingyuan.relocation.annualplan.Statistics;
import cn.jingyuan.relocation.annualplan.StatisticsService;
import cn.jingyuan.relocation.calendar.WorkingDays;
import cn.jingyuan.relocation.household.Stage;
import cn.jingyuan.relocation.household.Township;
import cn.jingyuan.relocation.household.TownshipDirectory;
import cn.jingyuan.relocation.layout.NavItem;
import cn.jingyuan.relocation.layout.PageText;
import cn.jingyuan.relocation.layout.PageText.Problem;
import cn.jingyuan.relocation.layout.PageController;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.security.CurrentUsers;
import cn.jingyuan.relocation.security.Groups;
import cn.jingyuan.relocation.security.Role;
import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.shared.Coded;
import cn.jingyuan.relocation.worklist.WorklistService;

/**
 * 年度计划与统计: the year's figures and ECharts dashboard (target against relocated per township, cases per stage,
 * move-ins per month, subsidy paid), the plan with its township targets (the officer drafts and revises, the deputy
 * county head approves or returns), the rollover (preview, the officer proposes, the deputy confirms) and the annual
 * report. Decisions complete the plan's steps through {@link WorklistService}, the same door as {@code /api/tasks}.
 */
@PageController
class PlanPageController {

    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy年M月d日 HH:mm");

    private final PlanService plans;
    private final StatisticsService statistics;
    private final RolloverService rollovers;
    private final WorklistService worklist;
    private final WorkingDays calendar;
    private final TownshipDirectory townships;
    private final PageText text;
    private final ObjectMapper json;
    private final Clock clock;

    PlanPageController(PlanService plans, StatisticsService statistics, RolloverService rollovers, WorklistService worklist,
                       WorkingDays calendar, TownshipDirectory townships, PageText text, ObjectMapper json, Clock clock) {
        this.plans = plans;
        this.statistics = statistics;
        this.rollovers = rollovers;
        this.worklist = worklist;
        this.calendar = calendar;
        this.townships = townships;
        this.text = text;
        this.json = json;
        this.clock = clock;
    }

    record Figure(String label, String value, String test) {
    }

    record TargetLine(int index, String townshipCode, String townshipName, Integer households, Integer people) {
    }

    record PlanInfo(String statusLabel, boolean approved, Counter total, String createdBy, String createdAt, String approvedBy,
                    String approvedAt, String note, List<String> rollovers) {
    }

    record RolloverInfo(int households, int people, Counter notMovedIn, Counter movedInNotClosed, List<Map.Entry<String, Counter>> byStage,
                        List<RolloverView.CaseLine> cases, int shown) {
    }

    @GetMapping("/plans")
    String dashboard(@RequestParam(required = false) Integer year, @RequestParam(required = false) Boolean preview, Model model) {
        CurrentUser user = CurrentUsers.current();
        List<PlanView> all = plans.list(user);
        int thisYear = LocalDate.now(clock).getYear();
        int y = year != null ? year : all.stream().anyMatch(p -> p.year() == thisYear) ? thisYear
                : all.stream().map(PlanView::year).max(Comparator.naturalOrder()).orElse(thisYear);
        if (y < 2000 || y > 2100) {
            throw ApiException.badRequest("年度应为4位年份");
        }
        Statistics s = statistics.statistics(y, user);
        List<Counter> months = statistics.movedInByMonth(y, user);
        Optional<PlanView> plan = all.stream().filter(p -> p.year() == y).findFirst();
        boolean county = user.isCountyWide();
        boolean officer = user.hasAny(Role.OFFICER, Role.ADMIN);
        boolean deputy = user.groups().contains(Groups.DEPUTY);

        model.addAttribute("year", y);
        model.addAttribute("years", years(all, thisYear, y));
        model.addAttribute("county", county);
        model.addAttribute("scopeLabel", county ? "全县" : townships.find(user.townshipSlug()).map(Township::name).orElse(""));
        model.addAttribute("frozen", s.frozen());
        model.addAttribute("frozenAt", s.frozenAt() == null ? null : s.frozenAt().format(AT));
        model.addAttribute("figures", figures(s));
        model.addAttribute("charts", chartJson(s, months));
        model.addAttribute("townshipRows", s.byTownship());
        model.addAttribute("stageRows", stageRows(s));
        model.addAttribute("monthRows", months);
        model.addAttribute("missingCalendar", calendar.yearsWithoutScheduleAhead());
        model.addAttribute("admin", user.has(Role.ADMIN));

        model.addAttribute("plan", plan.map(this::info).orElse(null));
        boolean editable = officer && plan.map(p -> !"APPROVED".equals(p.status()) && !"CLOSED".equals(p.status())).orElse(true);
        model.addAttribute("mayDraft", editable);
        model.addAttribute("targets", targetLines(plan.orElse(null)));
        model.addAttribute("mayDecidePlan", deputy && plans.openTask(y, TASK_APPROVE_PLAN).isPresent());
        model.addAttribute("mayPropose", officer && plan.map(p -> "APPROVED".equals(p.status())).orElse(false));
        model.addAttribute("mayConfirm", deputy && plans.openTask(y, TASK_CONFIRM_ROLLOVER).isPresent());
        model.addAttribute("mayPreview", county && plan.isPresent());
        model.addAttribute("rollover", county && Boolean.TRUE.equals(preview) && plan.isPresent() ? rolloverInfo(rollovers.preview(y, user)) : null);
        model.addAttribute("mayReport", county);
        if (!model.containsAttribute("problem")) {
            model.addAttribute("problem", null);
            model.addAttribute("form", Map.of());
        }
        return "annualplan/dashboard";
    }

    /** Drafts the year's plan, or revises its targets while it is not approved: {@code households.N}/{@code people.N} per township. */
    @PostMapping("/plans/{year}/targets")
    String saveTargets(@PathVariable int year, @RequestParam MultiValueMap<String, String> form, Model model, RedirectAttributes redirect) {
        CurrentUser user = CurrentUsers.current();
        List<Township> all = townships.all();
        List<PlanRequest.TargetRequest> targets = new ArrayList<>();
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < all.size(); i++) {
            String h = form.getFirst("households." + i);
            String p = form.getFirst("people." + i);
            if ((h == null || h.isBlank()) && (p == null || p.isBlank())) {
                continue;
            }
            Integer hh = count(h);
            Integer pp = count(p);
            if (hh == null) {
                fields.put("households." + i, "请填写非负整数");
            }
            if (pp == null) {
                fields.put("people." + i, "请填写非负整数");
            }
            targets.add(new PlanRequest.TargetRequest(all.get(i).code(), hh, pp));
        }
        Problem problem = null;
        if (!fields.isEmpty()) {
            problem = new Problem("计划目标有误,请按提示修改。", fields);
        } else {
            try {
                PlanRequest request = new PlanRequest(year, targets, form.getFirst("note"));
                boolean exists = plans.list(user).stream().anyMatch(p -> p.year() == year);
                if (exists) {
                    plans.updateTargets(year, request, user);
                } else {
                    plans.create(request, user);
                }
                redirect.addFlashAttribute("notice", exists ? year + "年度计划目标已修改。" : year + "年度计划已起草,已报分管副县长审批。");
                return "redirect:/plans?year=" + year;
            } catch (ApiException e) {
                problem = targetProblem(text.problem(e), targets, all);
            }
        }
        model.addAttribute("problem", problem);
        model.addAttribute("form", form.toSingleValueMap());
        return dashboard(year, false, model);
    }

    /** The deputy county head approves ({@code APPROVE}) or returns ({@code RETURN}, with a reason) the plan. */
    @PostMapping("/plans/{year}/decision")
    String decidePlan(@PathVariable int year, @RequestParam(required = false) String decision, @RequestParam(required = false) String comment,
                      Model model, RedirectAttributes redirect) {
        return complete(year, TASK_APPROVE_PLAN, decision, comment, List.of("APPROVE", "RETURN"), model, redirect,
                "APPROVE".equals(decision) ? year + "年度计划已批准。" : year + "年度计划已退回修改。");
    }

    @PostMapping("/plans/{year}/rollover")
    String proposeRollover(@PathVariable int year, @RequestParam(required = false) String reason, Model model, RedirectAttributes redirect) {
        try {
            RolloverView v = rollovers.propose(year, reason, CurrentUsers.current());
            redirect.addFlashAttribute("notice", v.id() == null ? PageText.chinese(v.message())
                    : year + "年度结转已提出:" + v.households() + "户" + v.people() + "人,待分管副县长确认。");
            return "redirect:/plans?year=" + year;
        } catch (ApiException e) {
            model.addAttribute("problem", text.problem(e));
            model.addAttribute("form", Map.of("reason", reason == null ? "" : reason));
            return dashboard(year, false, model);
        }
    }

    /** The deputy county head confirms ({@code APPROVE}) or rejects ({@code REJECT}) the proposed rollover. */
    @PostMapping("/plans/{year}/rollover/decision")
    String decideRollover(@PathVariable int year, @RequestParam(required = false) String decision, @RequestParam(required = false) String comment,
                          Model model, RedirectAttributes redirect) {
        return complete(year, TASK_CONFIRM_ROLLOVER, decision, comment, List.of("APPROVE", "REJECT"), model, redirect,
                "APPROVE".equals(decision) ? year + "年度结转已确认,未办结案件将转入" + (year + 1) + "年度。" : year + "年度结转未获同意。");
    }

    private String complete(int year, String taskKey, String decision, String comment, List<String> allowed, Model model,
                            RedirectAttributes redirect, String done) {
        CurrentUser user = CurrentUsers.current();
        Problem problem;
        if (decision == null || !allowed.contains(decision)) {
            problem = new Problem("请选择审批结论。", Map.of("decision", "请选择审批结论"));
        } else {
            Optional<String> task = plans.openTask(year, taskKey);
            if (task.isEmpty()) {
                throw ApiException.conflict("该事项已办结或尚未提交,请刷新页面");
            }
            try {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("decision", decision);
                body.put("comment", comment == null ? "" : comment);
                worklist.complete(task.get(), body, user);
                redirect.addFlashAttribute("notice", done);
                return "redirect:/plans?year=" + year;
            } catch (ApiException e) {
                problem = text.problem(e);
            }
        }
        model.addAttribute("problem", problem);
        model.addAttribute("form", Map.of("comment", comment == null ? "" : comment));
        return dashboard(year, false, model);
    }

    private static Problem targetProblem(Problem p, List<PlanRequest.TargetRequest> sent, List<Township> all) {
        Map<String, String> fields = new LinkedHashMap<>();
        p.fields().forEach((field, message) -> {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("targets\\[(\\d+)]").matcher(field);
            if (m.find()) {
                String code = sent.get(Integer.parseInt(m.group(1))).township();
                int row = all.stream().map(Township::code).toList().indexOf(code);
                fields.put("people." + row, message.replaceFirst("^[^:]*:", ""));
            } else {
                fields.put(field, message);
            }
        });
        return new Problem(p.message(), fields);
    }

    private PlanInfo info(PlanView p) {
        Function<String, String> names = text.names();
        List<String> rs = p.rollovers() == null ? List.of() : p.rollovers().stream()
                .map(r -> r.fromYear() + "→" + r.toYear() + "年度结转 " + r.households() + "户" + r.people() + "人,"
                        + rolloverStatus(r.status()) + "(" + names.apply(r.proposedBy()) + "提出)").toList();
        return new PlanInfo(p.statusLabel(), "APPROVED".equals(p.status()) || "CLOSED".equals(p.status()), p.target(), names.apply(p.createdBy()),
                p.createdAt() == null ? null : p.createdAt().format(AT), p.approvedBy() == null ? null : names.apply(p.approvedBy()),
                p.approvedAt() == null ? null : p.approvedAt().format(AT), p.note(), rs);
    }

    static String rolloverStatus(String status) {
        return switch (status == null ? "" : status) {
            case "PROPOSED" -> "待分管副县长确认";
            case "CONFIRMED" -> "已确认,结转中";
            case "DONE" -> "已完成";
            case "REJECTED" -> "未获同意";
            default -> "办理中";
        };
    }

    private List<TargetLine> targetLines(PlanView plan) {
        List<TargetLine> out = new ArrayList<>();
        List<Township> all = townships.all();
        for (int i = 0; i < all.size(); i++) {
            Township t = all.get(i);
            PlanView.Target target = plan == null ? null
                    : plan.targets().stream().filter(x -> x.townshipCode().equals(t.code())).findFirst().orElse(null);
            out.add(new TargetLine(i, t.code(), t.name(), target == null ? null : target.households(), target == null ? null : target.people()));
        }
        return out;
    }

    private static List<Figure> figures(Statistics s) {
        return List.of(
                new Figure("年度目标", s.target().households() + "户 / " + s.target().people() + "人", "target"),
                new Figure("纳入计划(含结转)", (s.planned().households() + s.carriedIn().households()) + "户 / "
                        + (s.planned().people() + s.carriedIn().people()) + "人", "planned"),
                new Figure("搬迁入住", s.movedIn().households() + "户 / " + s.movedIn().people() + "人", "moved-in"),
                new Figure("旧房拆除", s.demolished().households() + "户(拆除率" + rate(s.demolished().households(), s.movedInToDate().households()) + ")",
                        "demolished"),
                new Figure("已拨付补助", yuan(s.subsidyPaid()), "paid"),
                new Figure("未办结", s.open().households() + "户 / " + s.open().people() + "人", "open"));
    }

    private static String rate(int part, int whole) {
        return whole == 0 ? "—" : BigDecimal.valueOf(part * 100L).divide(BigDecimal.valueOf(whole), 0, RoundingMode.HALF_UP) + "%";
    }

    static String yuan(BigDecimal amount) {
        BigDecimal a = amount == null ? BigDecimal.ZERO : amount;
        return a.compareTo(BigDecimal.valueOf(10000)) >= 0 ? a.divide(BigDecimal.valueOf(10000), 2, RoundingMode.HALF_UP).toPlainString() + "万元"
                : a.setScale(2, RoundingMode.HALF_UP).toPlainString() + "元";
    }

    private static List<Map.Entry<String, Counter>> stageRows(Statistics s) {
        if (s.byStage() == null) {
            return List.of();
        }
        return s.byStage().entrySet().stream().map(e -> Map.entry(Coded.lookup(Stage.class, e.getKey()).map(Stage::label).orElse("其他"),
                e.getValue())).toList();
    }

    /** What the charts draw, as JSON in a data- attribute (the CSP allows no inline script). */
    private String chartJson(Statistics s, List<Counter> months) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("townships", s.byTownship().stream().map(Statistics.TownshipFigures::name).toList());
        c.put("target", s.byTownship().stream().map(t -> t.target().households()).toList());
        c.put("movedIn", s.byTownship().stream().map(t -> t.movedIn().households()).toList());
        c.put("paid", s.byTownship().stream().map(t -> t.subsidyPaid() == null ? 0
                : t.subsidyPaid().divide(BigDecimal.valueOf(10000), 2, RoundingMode.HALF_UP)).toList());
        List<Map.Entry<String, Counter>> stages = stageRows(s);
        c.put("stages", stages.stream().map(Map.Entry::getKey).toList());
        c.put("stageCounts", stages.stream().map(e -> e.getValue().households()).toList());
        List<String> monthLabels = new ArrayList<>();
        for (int m = 1; m <= 12; m++) {
            monthLabels.add(m + "月");
        }
        c.put("months", monthLabels);
        c.put("monthCounts", months.stream().map(Counter::households).toList());
        try {
            return json.writeValueAsString(c);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RolloverInfo rolloverInfo(RolloverView v) {
        List<Map.Entry<String, Counter>> stages = v.byStage() == null ? List.of() : v.byStage().entrySet().stream()
                .map(e -> Map.entry(Coded.lookup(Stage.class, e.getKey()).map(Stage::label).orElse("其他"), e.getValue())).toList();
        List<RolloverView.CaseLine> cases = v.cases() == null ? List.of() : v.cases().stream().limit(200).toList();
        return new RolloverInfo(v.households(), v.people(), v.notMovedIn(), v.movedInNotClosed(), stages, cases, cases.size());
    }

    private static List<Integer> years(List<PlanView> all, int thisYear, int selected) {
        java.util.TreeSet<Integer> ys = new java.util.TreeSet<>(Comparator.reverseOrder());
        all.forEach(p -> ys.add(p.year()));
        ys.add(thisYear);
        ys.add(thisYear + 1);
        ys.add(selected);
        return List.copyOf(ys);
    }

    private static Integer count(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            int n = Integer.parseInt(s.strip());
            return n < 0 ? null : n;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Pages {

        @Bean
        NavItem plansNav() {
            return NavItem.of("年度计划与统计", "/plans", 50);
        }
    }
}
