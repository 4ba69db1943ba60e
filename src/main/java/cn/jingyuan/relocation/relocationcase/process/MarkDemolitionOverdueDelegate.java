package cn.jingyuan.relocation.relocationcase.process;

import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.household.HouseholdRef;
import cn.jingyuan.relocation.household.HouseholdService;
import cn.jingyuan.relocation.relocationcase.CaseEventType;
import cn.jingyuan.relocation.relocationcase.CaseHistory;
import cn.jingyuan.relocation.relocationcase.CaseProperties;

/** The demolition deadline passed: the case shows as overdue (the township reviewer's reminder task follows). */
@Component
public class MarkDemolitionOverdueDelegate implements JavaDelegate {

    private final HouseholdService households;
    private final CaseHistory history;
    private final CaseProperties properties;

    MarkDemolitionOverdueDelegate(HouseholdService households, CaseHistory history, CaseProperties properties) {
        this.households = households;
        this.history = history;
        this.properties = properties;
    }

    @Override
    public void execute(DelegateExecution execution) {
        HouseholdRef h = CaseStage.household(households, execution);
        households.markDemolitionOverdue(h.id(), true);
        history.record(h, CaseEventType.DEMOLITION_OVERDUE, null, "入住后" + properties.demolitionDeadline().label() + "内未拆除旧房,已督办",
                Map.of("deadline", properties.demolitionDeadline().toString()));
    }
}
