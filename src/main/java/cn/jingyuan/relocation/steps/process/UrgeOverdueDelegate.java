package cn.jingyuan.relocation.steps.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.calendar.WorkingDays;
import cn.jingyuan.relocation.steps.StepOperations;
import cn.jingyuan.relocation.shared.TimeConfig;

/**
 * {@code ${urgeOverdueDelegate}} in the morning run of {@code bpmn/daily-reminders.bpmn}: on working days every step past
 * its due date urges itself once a day (催办 by the system), as of the engine's clock. The run is one timer job, so one node of a
 * cluster does it.
 */
@Component
public class UrgeOverdueDelegate implements JavaDelegate {

    public static final String VAR_URGED = "overdueUrged";

    private final StepOperations operations;
    private final WorkingDays workingDays;

    UrgeOverdueDelegate(StepOperations operations, WorkingDays workingDays) {
        this.operations = operations;
        this.workingDays = workingDays;
    }

    @Override
    public void execute(DelegateExecution execution) {
        java.util.Date now = ClockUtil.getCurrentTime();
        boolean workingDay = workingDays.isWorkingDay(now.toInstant().atZone(TimeConfig.COUNTY_ZONE).toLocalDate());
        execution.setVariable(VAR_URGED, workingDay ? operations.urgeOverdue(now) : 0);
    }
}
