package cn.jingyuan.relocation.annualplan.web;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import cn.jingyuan.relocation.annualplan.AnnualReport;
import cn.jingyuan.relocation.annualplan.PlanRequest;
import cn.jingyuan.relocation.annualplan.PlanService;
import cn.jingyuan.relocation.annualplan.PlanView;
import cn.jingyuan.relocation.annualplan.RolloverService;
import cn.jingyuan.relocation.annualplan.RolloverView;
import cn.jingyuan.relocation.annualplan.Statistics;
import cn.jingyuan.relocation.annualplan.StatisticsService;
import cn.jingyuan.relocation.security.Access;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.security.CurrentUsers;
import cn.jingyuan.relocation.security.Role;
import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.shared.Downloads;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/plans")
@Tag(name = "plans", description = "年度计划、统计、年度报告与结转 (annual plans, statistics, report, rollover)")
class PlanController {

    private final PlanService plans;
    private final StatisticsService statistics;
    private final RolloverService rollovers;
    private final AnnualReport report;

    PlanController(PlanService plans, StatisticsService statistics, RolloverService rollovers, AnnualReport report) {
        this.plans = plans;
        this.statistics = statistics;
        this.rollovers = rollovers;
        this.report = report;
    }

    @GetMapping
    @Operation(summary = "年度计划列表 (plans)")
    List<PlanView> list() {
        return plans.list(CurrentUsers.current());
    }

    @PostMapping
    @Operation(summary = "起草年度计划 {year, targets:[{township, households, people}]} (officer; the deputy approves it as a task)")
    ResponseEntity<PlanView> create(@RequestBody PlanRequest request) {
        return ResponseEntity.status(HttpStatus.CREATED).body(plans.create(request, CurrentUsers.current()));
    }

    @GetMapping("/{year}")
    @Operation(summary = "年度计划及各乡镇目标 (a plan with its township targets)")
    PlanView get(@PathVariable int year) {
        return plans.get(year, CurrentUsers.current());
    }

    @PutMapping("/{year}")
    @Operation(summary = "修改未批准计划的目标 (revise targets before approval)")
    PlanView update(@PathVariable int year, @RequestBody PlanRequest request) {
        return plans.updateTargets(year, request, CurrentUsers.current());
    }

    @GetMapping("/{year}/statistics")
    @Operation(summary = "年度统计:目标、计划、结转入、入住、拆除、验收、归档、结转出、未办结;分阶段、分乡镇、分安置方式")
    Statistics statistics(@PathVariable int year) {
        CurrentUser user = CurrentUsers.current();
        Access.require(user, Role.ADMIN, Role.OFFICER, Role.FINANCE, Role.DEPUTY, Role.HEAD, Role.TASK_FORCE, Role.TOWNSHIP_LEAD);
        return statistics.statistics(year, user);
    }

    @PostMapping("/{year}/rollover")
    @Operation(summary = "年度结转:dryRun=true 预览;dryRun=false 提出(officer),由分管副县长确认后执行")
    ResponseEntity<RolloverView> rollover(@PathVariable int year, @RequestParam(defaultValue = "true") boolean dryRun,
                                          @RequestBody(required = false) Map<String, String> body) {
        CurrentUser user = CurrentUsers.current();
        if (dryRun) {
            return ResponseEntity.ok(rollovers.preview(year, user));
        }
        RolloverView v = rollovers.propose(year, body == null ? null : body.get("reason"), user);
        return ResponseEntity.status(v.id() == null ? HttpStatus.OK : HttpStatus.ACCEPTED).body(v);
    }

    @GetMapping("/{year}/report")
    @Operation(summary = "年度进展报告 xlsx (summary per township and the year's ledger)")
    ResponseEntity<byte[]> report(@PathVariable int year, @RequestParam(defaultValue = "xlsx") String format) {
        if (!"xlsx".equalsIgnoreCase(format)) {
            throw ApiException.badRequest("format 只能是 xlsx (format must be xlsx)");
        }
        return Downloads.attachment(report.xlsx(year, CurrentUsers.current()), Downloads.XLSX, "泾源县" + year + "年度地质灾害避险搬迁进展报告.xlsx");
    }
}
