package cn.jingyuan.relocation.household.internal;

/** A row of {@code village}. */
public class VillageRow {
    public Long id;
    public String townshipCode;
    public String name;
    public String cadreUserId;
}
