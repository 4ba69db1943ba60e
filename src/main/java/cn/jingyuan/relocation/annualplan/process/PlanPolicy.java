package cn.jingyuan.relocation.annualplan.process;

import java.time.LocalDate;
import java.util.Date;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;
import cn.jingyuan.relocation.shared.TimeConfig;

/** {@code ${planPolicy.rolloverReminder(execution)}}: 1 December of the plan year, when the officer prepares the rollover. */
@Component
public class PlanPolicy {

    public Date rolloverReminder(DelegateExecution execution) {
        int year = ((Number) execution.getVariable(AnnualPlanProcess.VAR_PLAN_YEAR)).intValue();
        return Date.from(LocalDate.of(year, 12, 1).atStartOfDay(TimeConfig.COUNTY_ZONE).toInstant());
    }
}
