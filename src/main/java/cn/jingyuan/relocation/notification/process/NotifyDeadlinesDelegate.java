package cn.jingyuan.relocation.notification.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.notification.internal.Deadlines;

/** {@code ${notifyDeadlinesDelegate}}: DUE_SOON and OVERDUE notices, as of the engine's clock. */
@Component
public class NotifyDeadlinesDelegate implements JavaDelegate {

    private final Deadlines deadlines;

    NotifyDeadlinesDelegate(Deadlines deadlines) {
        this.deadlines = deadlines;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Deadlines.Outcome outcome = deadlines.check(ClockUtil.getCurrentTime().toInstant());
        execution.setVariable(DailyRemindersProcess.VAR_DUE_SOON, outcome.dueSoon());
        execution.setVariable(DailyRemindersProcess.VAR_OVERDUE, outcome.overdue());
    }
}
