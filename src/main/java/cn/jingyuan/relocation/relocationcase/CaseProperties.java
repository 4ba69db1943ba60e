package cn.jingyuan.relocation.relocationcase;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

import cn.jingyuan.relocation.calendar.Term;

/**
 * Policy parameters of the case process that the county sets, none of them published for Ningxia. Every period
 * states its unit ({@link Term}): {@code 7WD} is seven working days (holidays off, make-up working days worked),
 * {@code P90D} ninety calendar days.
 *
 * @param noticePeriod       村级公示期, default 7WD; the timer counts it through the engine's working-day calendar
 * @param demolitionDeadline 入住后旧房拆除期限, default P90D
 * @param dueDays            the term a step is due in after its task is created, by task id; {@code default} for the rest
 * @param tranches           subsidy tranches in order; each paid after its milestone (AGREEMENT or ACCEPTANCE)
 */
@ConfigurationProperties("relocation.case")
public record CaseProperties(Term noticePeriod, Term demolitionDeadline, Map<String, Term> dueDays, List<Tranche> tranches) {

    private static final Term DEFAULT_DUE = Term.workingDays(15);

    public CaseProperties {
        noticePeriod = noticePeriod == null ? Term.workingDays(7) : noticePeriod;
        demolitionDeadline = demolitionDeadline == null ? Term.valueOf("P90D") : demolitionDeadline;
        dueDays = dueDays == null ? Map.of() : Map.copyOf(dueDays);
        tranches = tranches == null || tranches.isEmpty()
                ? List.of(new Tranche("AGREEMENT", new BigDecimal("0.5")), new Tranche("ACCEPTANCE", new BigDecimal("0.5")))
                : List.copyOf(tranches);
        BigDecimal sum = tranches.stream().map(Tranche::share).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (sum.compareTo(BigDecimal.ONE) != 0) {
            throw new IllegalStateException("relocation.case.tranches shares must add up to 1, not " + sum);
        }
        for (Tranche t : tranches) {
            if (!t.milestone().equals("AGREEMENT") && !t.milestone().equals("ACCEPTANCE")) {
                throw new IllegalStateException("a tranche's milestone is AGREEMENT or ACCEPTANCE, not " + t.milestone());
            }
        }
    }

    /** One instalment: paid after {@code milestone}, {@code share} of the confirmed subsidy (the last takes the rest). */
    public record Tranche(String milestone, BigDecimal share) {
    }

    /** The term the step is due in: its own, else {@code default}, else 15 working days. */
    public Term dueIn(String taskKey) {
        return dueDays.getOrDefault(taskKey, dueDays.getOrDefault("default", DEFAULT_DUE));
    }
}
