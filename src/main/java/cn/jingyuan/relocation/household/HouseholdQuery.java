package cn.jingyuan.relocation.household;

import cn.jingyuan.relocation.shared.PageRequest;

/**
 * Filters of the household list; every one optional. {@code year} lists the households that are or were in that
 * plan year (registered for it, or carried into it): a case carried into the next year still shows in the year it
 * came from. {@code q} matches case number, head, village or an identity number.
 */
public record HouseholdQuery(Integer year, String township, Stage stage, String q, PageRequest page) {
}
