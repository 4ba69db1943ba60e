package cn.jingyuan.relocation.relocationcase;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Policy parameters of the case process that the county sets, none of them published for Ningxia:
 * the public-notice period, the demolition deadline after move-in (ISO-8601 durations, as timers take them),
 * the days each step is due in, and the subsidy tranches tied to milestones.
 *
 * @param noticePeriod       村级公示期, default P7D (the rural-housing programme's "at least one week")
 * @param demolitionDeadline 入住后旧房拆除期限, default P90D
 * @param dueDays            days after a task is created that it is due, by task id; {@code default} for the rest
 * @param tranches           subsidy tranches in order; each paid after its milestone (AGREEMENT or ACCEPTANCE)
 */
@ConfigurationProperties("relocation.case")
public record CaseProperties(String noticePeriod, String demolitionDeadline, Map<String, Integer> dueDays, List<Tranche> tranches) {

    public CaseProperties {
        noticePeriod = noticePeriod == null ? "P7D" : noticePeriod;
        demolitionDeadline = demolitionDeadline == null ? "P90D" : demolitionDeadline;
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

    public int dueDays(String taskKey) {
        return dueDays.getOrDefault(taskKey, dueDays.getOrDefault("default", 15));
    }
}
