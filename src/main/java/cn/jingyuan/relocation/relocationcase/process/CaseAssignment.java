package cn.jingyuan.relocation.relocationcase.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.household.HouseholdService;
import cn.jingyuan.relocation.security.Groups;

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
        return households.cadreOf(CaseStage.household(households, execution).villageId())
                .orElse(null);
    }

    /**
     * {@code camunda:candidateGroups="${caseAssignment.taskForce(execution)}"}: the task force of the household's township,
     * read from the household row (issue 11: never from a process variable, which a person might have written).
     */
    public String taskForce(DelegateExecution execution) {
        return Groups.taskForce(CaseStage.household(households, execution).township().slug());
    }

    /** {@code ${caseAssignment.townshipLead(execution)}}: the reviewers of the household's township, from the household row. */
    public String townshipLead(DelegateExecution execution) {
        return Groups.townshipLead(CaseStage.household(households, execution).township().slug());
    }
}
