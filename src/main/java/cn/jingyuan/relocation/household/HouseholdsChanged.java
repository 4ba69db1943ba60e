package cn.jingyuan.relocation.household;

import java.util.Collection;

/**
 * Published inside the transaction that changed what the statistics count of households (stage, closed, plan year,
 * resettlement mode, people, milestone dates, payments): the statistics' counters follow before it commits. Whoever
 * writes such a column of household, or subsidy_payment, publishes it; inserting households publishes
 * {@link HouseholdsInserted} instead.
 */
public record HouseholdsChanged(Collection<Long> ids) {
}
