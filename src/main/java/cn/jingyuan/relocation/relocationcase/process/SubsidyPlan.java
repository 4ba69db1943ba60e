package cn.jingyuan.relocation.relocationcase.process;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.relocationcase.CaseProperties;
import cn.jingyuan.relocation.relocationcase.internal.PaymentMapper;
import cn.jingyuan.relocation.relocationcase.internal.PaymentRow;

/**
 * The subsidy's instalments: which tranches fall due at a milestone (the collection of the payment tasks'
 * multi-instance, {@code ${subsidyPlan.trancheNumbers(execution, 'AGREEMENT')}}) and how much each one is.
 * A tranche is its share of the confirmed subsidy; the last one is whatever is left, so rounding never loses a fen.
 */
@Component
public class SubsidyPlan {

    private final CaseProperties properties;
    private final PaymentMapper payments;

    SubsidyPlan(CaseProperties properties, PaymentMapper payments) {
        this.properties = properties;
        this.payments = payments;
    }

    /** 1-based numbers of the tranches paid after {@code milestone}; empty when none is (the step is skipped). */
    public List<Integer> trancheNumbers(DelegateExecution execution, String milestone) {
        List<Integer> out = new ArrayList<>();
        List<CaseProperties.Tranche> tranches = properties.tranches();
        for (int i = 0; i < tranches.size(); i++) {
            if (tranches.get(i).milestone().equals(milestone)) {
                out.add(i + 1);
            }
        }
        return out;
    }

    public String milestoneOf(int trancheNo) {
        return properties.tranches().get(trancheNo - 1).milestone();
    }

    /** What tranche {@code trancheNo} should pay of {@code confirmed}, given what was paid already. */
    public BigDecimal amountDue(long householdId, int trancheNo, BigDecimal confirmed) {
        if (confirmed == null) {
            return BigDecimal.ZERO;
        }
        List<PaymentRow> paid = payments.findByHousehold(householdId);
        BigDecimal paidSum = paid.stream().map(p -> p.amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal remaining = confirmed.subtract(paidSum).max(BigDecimal.ZERO);
        if (trancheNo >= properties.tranches().size()) {
            return remaining.setScale(2, RoundingMode.HALF_UP);
        }
        return confirmed.multiply(properties.tranches().get(trancheNo - 1).share()).setScale(2, RoundingMode.HALF_UP).min(remaining);
    }
}
