package cn.jingyuan.relocation.household;

import java.util.Collection;

/**
 * Published inside the transaction that inserted households or changed what the statistics count of them (stage,
 * closed, plan year, resettlement mode, people, milestone dates, payments): the statistics' counters follow before
 * it commits. Whoever writes such a column of household, or subsidy_payment, publishes it.
 */
public record HouseholdsChanged(Collection<Long> ids) {
}
