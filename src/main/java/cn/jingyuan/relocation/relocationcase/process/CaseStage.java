package cn.jingyuan.relocation.relocationcase.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.household.HouseholdService;
import cn.jingyuan.relocation.household.Stage;

/**
 * {@code ${caseStage.enter(execution, 'APPLICATION')}}: the start listener each stage's first activity carries.
 * Writes the stage on the household row in the engine's transaction, so lists and statistics read it there.
 */
@Component
public class CaseStage {

    private final HouseholdService households;

    CaseStage(HouseholdService households) {
        this.households = households;
    }

    public void enter(DelegateExecution execution, String stage) {
        households.enterStage(householdId(execution), Stage.valueOf(stage));
    }

    static long householdId(DelegateExecution execution) {
        Object id = execution.getVariable(RelocationCaseProcess.VAR_HOUSEHOLD_ID);
        if (!(id instanceof Number n)) {
            throw new IllegalStateException("process instance " + execution.getProcessInstanceId() + " has no householdId");
        }
        return n.longValue();
    }
}
