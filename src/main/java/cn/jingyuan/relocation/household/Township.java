package cn.jingyuan.relocation.household;

/** A township (乡镇) of the county: 9-digit division code, name, and the slug its groups and accounts use. */
public record Township(String code, String name, String slug) {
}
