package cn.jingyuan.relocation.relocationcase;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Map;

import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.camunda.bpm.engine.DecisionService;
import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.household.HouseholdRef;
import cn.jingyuan.relocation.household.HouseholdService;
import cn.jingyuan.relocation.relocationcase.process.RelocationCaseProcess;

/**
 * The county assessment of a case from the latest versions of the two DMN tables of {@code bpmn/}: eligibility
 * and priority by category × risk level, and the subsidy by resettlement mode × household size. Deploying a new
 * version of a table changes the next assessment; no rebuild.
 */
@Component
public class CaseAssessment {

    private final DecisionService decisions;
    private final HouseholdService households;

    CaseAssessment(DecisionService decisions, HouseholdService households) {
        this.decisions = decisions;
        this.households = households;
    }

    public record Result(boolean eligible, int priority, BigDecimal subsidy) {
    }

    /** Evaluates both tables for the household and records the result on it. */
    public Result assess(HouseholdRef h) {
        Result r = evaluate(h);
        record(h, r);
        return r;
    }

    /** What the two tables give for the household's category, risk level, resettlement mode and size (nothing recorded). */
    public Result evaluate(HouseholdRef h) {
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
        return new Result(Boolean.TRUE.equals(eligible), priority.intValue(), new BigDecimal(amount.toString()).setScale(2, RoundingMode.HALF_UP));
    }

    /** Records an assessment on the household. */
    public void record(HouseholdRef h, Result r) {
        households.recordAssessment(h.id(), r.eligible(), r.priority(), r.subsidy());
    }
}
