package cn.jingyuan.relocation.relocationcase.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.household.HouseholdRef;
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
        households.enterStage(household(households, execution).id(), Stage.valueOf(stage));
    }

    /**
     * The case's household, found by the process instance's business key (the case number, set when the case was
     * opened and never changed). Never by a process variable: a variable is something a person might write, and the
     * household decides whose case moves (issue 11).
     */
    static HouseholdRef household(HouseholdService households, DelegateExecution execution) {
        String caseNo = execution.getProcessBusinessKey();
        if (caseNo == null) {
            throw new IllegalStateException("process instance " + execution.getProcessInstanceId() + " has no case number");
        }
        return households.findRefByCaseNo(caseNo).orElseThrow(() -> new IllegalStateException("no household for case " + caseNo));
    }
}
