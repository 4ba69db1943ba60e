package cn.jingyuan.relocation.relocationcase.process;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.household.HouseholdRef;
import cn.jingyuan.relocation.household.HouseholdService;

/**
 * 资格与补助测算: evaluates the latest versions of the two DMN tables of {@code bpmn/} (eligibility and priority by
 * category × risk level; subsidy by resettlement mode × household size) for the county officer's review, and
 * records the result on the household. Deploying a new version of a table changes the next assessment, no rebuild.
 */
@Component
public class AssessCaseDelegate implements JavaDelegate {

    private final HouseholdService households;
    private final DecisionService decisions;

    AssessCaseDelegate(HouseholdService households, DecisionService decisions) {
        this.households = households;
        this.decisions = decisions;
    }

    @Override
    public void execute(DelegateExecution execution) {
        HouseholdRef h = households.findRef(CaseStage.householdId(execution)).orElseThrow();
        Map<String, Object> in = new HashMap<>();
        in.put("category", h.category().name());
        in.put("riskLevel", h.riskLevel().name());
        DmnDecisionRuleResult eligibility = decisions.evaluateDecisionTableByKey(RelocationCaseProcess.DECISION_ELIGIBILITY_PRIORITY)
                .variables(in).evaluate().getSingleResult();
        Map<String, Object> subsidyIn = new HashMap<>();
        subsidyIn.put("resettlementMode", h.resettlementMode() == null ? null : h.resettlementMode().name());
        subsidyIn.put("householdSize", h.people());
        Number amount = decisions.evaluateDecisionTableByKey(RelocationCaseProcess.DECISION_SUBSIDY_AMOUNT)
                .variables(subsidyIn).evaluate().getSingleResult().getSingleEntry();
        Boolean eligible = eligibility.getEntry("eligible");
        Number priority = eligibility.getEntry("priority");
        BigDecimal subsidy = new BigDecimal(amount.toString()).setScale(2, java.math.RoundingMode.HALF_UP);
        households.recordAssessment(h.id(), eligible, priority.intValue(), subsidy);
        execution.setVariable(RelocationCaseProcess.VAR_ELIGIBLE, eligible);
        execution.setVariable(RelocationCaseProcess.VAR_PRIORITY, priority.longValue());
        execution.setVariable(RelocationCaseProcess.VAR_SUBSIDY_AMOUNT, subsidy.doubleValue());
    }
}
