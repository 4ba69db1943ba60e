package cn.jingyuan.relocation.relocationcase.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.household.HouseholdService;

/**
 * {@code camunda:assignee="${caseAssignment.cadre(execution)}"} on the task-force steps: the village's responsible
 * cadre (包村干部) when one is set, read when the task is created so a change applies to the next step; otherwise
 * nobody, and the township's task-force group shares the task.
 */
@Component
public class CaseAssignment {

    private final HouseholdService households;

    CaseAssignment(HouseholdService households) {
        this.households = households;
    }

    public String cadre(DelegateExecution execution) {
        return households.findRef(CaseStage.householdId(execution))
                .flatMap(h -> households.cadreOf(h.villageId()))
                .orElse(null);
    }
}
