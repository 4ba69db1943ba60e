package cn.jingyuan.relocation.annualplan;

import static cn.jingyuan.relocation.annualplan.process.AnnualPlanProcess.*;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import cn.jingyuan.relocation.annualplan.internal.PlanMapper;
import cn.jingyuan.relocation.annualplan.internal.PlanRow;
import cn.jingyuan.relocation.annualplan.internal.RolloverMapper;
import cn.jingyuan.relocation.annualplan.internal.TargetRow;
import cn.jingyuan.relocation.household.Township;
import cn.jingyuan.relocation.household.TownshipDirectory;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.security.Role;
import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.shared.FieldError;

/**
 * Annual plans (年度计划): one per year, a target (households, people) per township, drafted by the county officer
 * and approved by the deputy county head as a task of {@code AnnualPlanProcess}.
 */
@Service
public class PlanService {

    private final PlanMapper plans;
    private final RolloverMapper rollovers;
    private final TownshipDirectory townships;
    private final RuntimeService runtime;
    private final TaskService tasks;
    private final Clock clock;

    PlanService(PlanMapper plans, RolloverMapper rollovers, TownshipDirectory townships, RuntimeService runtime, TaskService tasks,
                Clock clock) {
        this.plans = plans;
        this.rollovers = rollovers;
        this.townships = townships;
        this.runtime = runtime;
        this.tasks = tasks;
        this.clock = clock;
    }

    @Transactional
    public PlanView create(PlanRequest request, CurrentUser user) {
        if (!user.hasAny(Role.OFFICER, Role.ADMIN)) {
            throw ApiException.forbidden("年度计划由县自然资源局经办人起草 (the county officer drafts plans)");
        }
        if (request.year() == null || request.year() < 2000 || request.year() > 2100) {
            throw ApiException.badRequest("年度必填,应为4位年份 (year is required)", List.of(FieldError.of("year", "必填 (required)")));
        }
        List<TargetRow> targets = targets(request.year(), request.targets());
        if (plans.find(request.year()) != null) {
            throw ApiException.conflict(request.year() + "年度计划已存在,每年只有一个计划 (one plan per year)");
        }
        PlanRow p = new PlanRow();
        p.planYear = request.year();
        p.status = PlanStatus.PENDING_APPROVAL.name();
        p.note = request.note();
        p.createdBy = user.id();
        p.createdAt = LocalDateTime.now(clock);
        try {
            plans.insert(p);
        } catch (DuplicateKeyException raced) {
            throw ApiException.conflict(request.year() + "年度计划已存在 (one plan per year)");
        }
        plans.insertTargets(targets);
        ProcessInstance pi = runtime.startProcessInstanceByKey(PROCESS_ID, businessKey(p.planYear), Map.of(VAR_PLAN_YEAR, p.planYear));
        plans.updateProcessInstance(p.planYear, pi.getId());
        return get(p.planYear, user);
    }

    /** New targets while the plan is being drafted or was returned for revision. */
    @Transactional
    public PlanView updateTargets(int year, PlanRequest request, CurrentUser user) {
        if (!user.hasAny(Role.OFFICER, Role.ADMIN)) {
            throw ApiException.forbidden("年度计划由县自然资源局经办人修改 (the county officer revises plans)");
        }
        PlanRow p = require(year);
        if (PlanStatus.valueOf(p.status) == PlanStatus.APPROVED || PlanStatus.valueOf(p.status) == PlanStatus.CLOSED) {
            throw ApiException.conflict(year + "年度计划已批准,不能再修改目标 (an approved plan's targets are fixed)");
        }
        List<TargetRow> targets = targets(year, request.targets());
        plans.deleteTargets(year);
        plans.insertTargets(targets);
        if (request.note() != null) {
            plans.updateNote(year, request.note());
        }
        return get(year, user);
    }

    @Transactional(readOnly = true)
    public PlanView get(int year, CurrentUser user) {
        PlanRow p = require(year);
        List<TargetRow> rows = plans.findTargets(year);
        List<PlanView.Target> targets = new ArrayList<>();
        Counter total = Counter.ZERO;
        for (TargetRow t : rows) {
            if (!user.isCountyWide() && !townships.byCode(t.townshipCode).slug().equals(user.townshipSlug())) {
                continue;
            }
            targets.add(new PlanView.Target(t.townshipCode, townships.byCode(t.townshipCode).name(), t.households, t.people));
            total = total.plus(t.households, t.people);
        }
        List<RolloverView> rs = rollovers.findByYear(year).stream().map(r -> new RolloverView(r.id, r.fromYear, r.toYear, r.status,
                false, r.households, r.people, null, null, null, null, r.proposedBy, r.proposedAt, r.confirmedBy, r.confirmedAt,
                r.finishedAt, null, r.reason, null)).toList();
        PlanStatus status = PlanStatus.valueOf(p.status);
        return new PlanView(p.planYear, p.status, status.label(), total, targets, p.note, p.createdBy, p.createdAt, p.approvedBy,
                p.approvedAt, rs);
    }

    @Transactional(readOnly = true)
    public List<PlanView> list(CurrentUser user) {
        return plans.findAll().stream().map(p -> get(p.planYear, user)).toList();
    }

    public boolean isApproved(int year) {
        PlanRow p = plans.find(year);
        return p != null && (PlanStatus.valueOf(p.status) == PlanStatus.APPROVED || PlanStatus.valueOf(p.status) == PlanStatus.CLOSED);
    }

    /** Decides the plan's approval task as {@code deputy} would (used to set up a county's existing plans). */
    @Transactional
    public void approve(int year, String deputy, String comment) {
        PlanRow p = require(year);
        Task task = tasks.createTaskQuery().processInstanceId(p.processInstanceId).taskDefinitionKey(TASK_APPROVE_PLAN).singleResult();
        if (task == null) {
            throw ApiException.conflict(year + "年度计划不在待审批状态 (the plan is not waiting for approval)");
        }
        tasks.setAssignee(task.getId(), deputy);
        tasks.complete(task.getId(), Map.of(VAR_DECISION, APPROVE, VAR_COMMENT, comment));
    }

    /**
     * The plan's open step with this key ({@code Task_ApprovePlan}, {@code Task_ConfirmRollover}, ...), for pages that
     * complete it through the task list's rules.
     */
    @Transactional(readOnly = true)
    public java.util.Optional<String> openTask(int year, String taskKey) {
        PlanRow p = plans.find(year);
        if (p == null || p.processInstanceId == null) {
            return java.util.Optional.empty();
        }
        return tasks.createTaskQuery().processInstanceId(p.processInstanceId).taskDefinitionKey(taskKey).list().stream()
                .map(Task::getId).findFirst();
    }

    PlanRow require(int year) {
        PlanRow p = plans.find(year);
        if (p == null) {
            throw ApiException.notFound("没有" + year + "年度计划 (no plan for " + year + ")");
        }
        return p;
    }

    private List<TargetRow> targets(int year, List<PlanRequest.TargetRequest> requested) {
        List<FieldError> errors = new ArrayList<>();
        if (requested == null || requested.isEmpty()) {
            errors.add(FieldError.of("targets", "至少一个乡镇的目标 (a target for at least one township)"));
        }
        List<TargetRow> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; requested != null && i < requested.size(); i++) {
            PlanRequest.TargetRequest t = requested.get(i);
            Township township = townships.find(t.township()).orElse(null);
            if (township == null) {
                errors.add(new FieldError(null, "targets[" + i + "].township", t.township(), "不是泾源县的乡镇 (unknown township)"));
                continue;
            }
            if (!seen.add(township.code())) {
                errors.add(new FieldError(null, "targets[" + i + "].township", t.township(), "乡镇重复 (listed twice)"));
            }
            if (t.households() == null || t.households() < 0 || t.people() == null || t.people() < 0
                    || (t.households() != null && t.people() != null && t.people() < t.households())) {
                errors.add(new FieldError(null, "targets[" + i + "]", null, "户数、人数应为非负整数,且人数不少于户数 (households and people must be counts)"));
                continue;
            }
            TargetRow r = new TargetRow();
            r.planYear = year;
            r.townshipCode = township.code();
            r.households = t.households();
            r.people = t.people();
            out.add(r);
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid("计划目标不完整 (the targets are invalid)", errors);
        }
        return out;
    }
}
