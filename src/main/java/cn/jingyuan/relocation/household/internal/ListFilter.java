package cn.jingyuan.relocation.household.internal;

/** The household list's WHERE clause; {@code null} fields do not filter. */
public record ListFilter(Integer year, String townshipCode, String stage, String text, String idHash) {
}
