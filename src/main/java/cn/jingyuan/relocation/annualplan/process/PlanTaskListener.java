package cn.jingyuan.relocation.annualplan.process;

import static cn.jingyuan.relocation.annualplan.process.AnnualPlanProcess.*;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.Date;
import java.util.List;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.annualplan.PlanStatus;
import cn.jingyuan.relocation.annualplan.RolloverService;
import cn.jingyuan.relocation.annualplan.internal.PlanMapper;
import cn.jingyuan.relocation.relocationcase.CaseHistory;
import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.shared.FieldError;
import cn.jingyuan.relocation.shared.TimeConfig;

/**
 * {@code ${planTaskListener}} on the plan's tasks: the deputy's approval (or return, with a reason) of the plan,
 * and the deputy's confirmation (or rejection) of a proposed rollover.
 */
@Component
public class PlanTaskListener implements TaskListener {

    private final PlanMapper plans;
    private final RolloverService rollovers;
    private final CaseHistory actors;
    private final Clock clock;

    PlanTaskListener(PlanMapper plans, RolloverService rollovers, CaseHistory actors, Clock clock) {
        this.plans = plans;
        this.rollovers = rollovers;
        this.actors = actors;
        this.clock = clock;
    }

    @Override
    public void notify(DelegateTask task) {
        int year = ((Number) task.getVariable(VAR_PLAN_YEAR)).intValue();
        if (EVENTNAME_CREATE.equals(task.getEventName())) {
            task.setDueDate(Date.from(LocalDateTime.now(clock).plusDays(7).atZone(TimeConfig.COUNTY_ZONE).toInstant()));
            for (String stale : List.of(VAR_DECISION, VAR_COMMENT)) {
                task.getExecution().removeVariable(stale);
            }
            return;
        }
        if (!EVENTNAME_COMPLETE.equals(task.getEventName())) {
            return;
        }
        String decision = task.getVariable(VAR_DECISION) == null ? null : String.valueOf(task.getVariable(VAR_DECISION));
        List<String> allowed = switch (task.getTaskDefinitionKey()) {
            case TASK_APPROVE_PLAN -> List.of(APPROVE, RETURN);
            case TASK_CONFIRM_ROLLOVER -> List.of(APPROVE, REJECT);
            default -> null;
        };
        if (allowed != null && !allowed.contains(decision)) {
            // never read silence as consent: an approval is given explicitly
            throw ApiException.badRequest("须明确审批结论:" + String.join(" 或 ", allowed) + " (an explicit decision is required)",
                    List.of(new FieldError(null, VAR_DECISION, decision, "应为 " + String.join("、", allowed))));
        }
        Object c = task.getVariable(VAR_COMMENT);
        boolean hasComment = c != null && !String.valueOf(c).isBlank();
        switch (task.getTaskDefinitionKey()) {
            case TASK_APPROVE_PLAN -> {
                if (RETURN.equals(decision)) {
                    if (!hasComment) {
                        throw ApiException.badRequest("退回须说明理由 (a reason is required to return the plan)", List.of(FieldError.of(VAR_COMMENT, "必填")));
                    }
                    plans.updateStatus(year, PlanStatus.RETURNED.name(), null, null);
                } else {
                    plans.updateStatus(year, PlanStatus.APPROVED.name(), actors.actor(), LocalDateTime.now(clock));
                }
            }
            case TASK_REVISE_PLAN -> plans.updateStatus(year, PlanStatus.PENDING_APPROVAL.name(), null, null);
            case TASK_CONFIRM_ROLLOVER -> {
                long rolloverId = ((Number) task.getVariable(VAR_ROLLOVER_ID)).longValue();
                rollovers.decided(rolloverId, !REJECT.equals(decision), actors.actor());
            }
            default -> {
                // the reminder to prepare the rollover needs nothing recorded
            }
        }
    }
}
