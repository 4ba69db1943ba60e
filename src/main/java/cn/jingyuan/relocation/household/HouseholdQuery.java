package cn.jingyuan.relocation.household;

import cn.jingyuan.relocation.shared.PageRequest;

/** Filters of the household list; every one optional. {@code q} matches case number, head, village or an identity number. */
public record HouseholdQuery(Integer year, String township, Stage stage, String q, PageRequest page) {
}
