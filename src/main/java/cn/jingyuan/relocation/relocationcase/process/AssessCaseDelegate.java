package cn.jingyuan.relocation.relocationcase.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.household.HouseholdService;
import cn.jingyuan.relocation.relocationcase.CaseAssessment;

/** 资格与补助测算: the DMN assessment for the county officer's review; its result goes on the household and the form. */
@Component
public class AssessCaseDelegate implements JavaDelegate {

    private final HouseholdService households;
    private final CaseAssessment assessment;

    AssessCaseDelegate(HouseholdService households, CaseAssessment assessment) {
        this.households = households;
        this.assessment = assessment;
    }

    @Override
    public void execute(DelegateExecution execution) {
        CaseAssessment.Result r = assessment.assess(CaseStage.household(households, execution));
        execution.setVariable(RelocationCaseProcess.VAR_ELIGIBLE, r.eligible());
        execution.setVariable(RelocationCaseProcess.VAR_PRIORITY, (long) r.priority());
        execution.setVariable(RelocationCaseProcess.VAR_SUBSIDY_AMOUNT, r.subsidy().doubleValue());
    }
}
