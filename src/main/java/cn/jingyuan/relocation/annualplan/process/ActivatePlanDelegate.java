package cn.jingyuan.relocation.annualplan.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.annualplan.PlanStatus;
import cn.jingyuan.relocation.annualplan.internal.PlanMapper;

/** 计划生效: the approved plan is in force; the year runs until its rollover. */
@Component
public class ActivatePlanDelegate implements JavaDelegate {

    private final PlanMapper plans;

    ActivatePlanDelegate(PlanMapper plans) {
        this.plans = plans;
    }

    @Override
    public void execute(DelegateExecution execution) {
        int year = ((Number) execution.getVariable(AnnualPlanProcess.VAR_PLAN_YEAR)).intValue();
        plans.updateStatus(year, PlanStatus.APPROVED.name(), null, null);
    }
}
