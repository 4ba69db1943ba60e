package cn.jingyuan.relocation.annualplan.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.annualplan.RolloverService;

/** 结转未完成案件并冻结年度统计 (asynchronous, retried on failure): runs the confirmed rollover. */
@Component
public class CarryOverDelegate implements JavaDelegate {

    private final RolloverService rollovers;

    CarryOverDelegate(RolloverService rollovers) {
        this.rollovers = rollovers;
    }

    @Override
    public void execute(DelegateExecution execution) {
        rollovers.execute(((Number) execution.getVariable(AnnualPlanProcess.VAR_ROLLOVER_ID)).longValue());
    }
}
