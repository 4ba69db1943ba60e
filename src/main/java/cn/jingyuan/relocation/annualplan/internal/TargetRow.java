package cn.jingyuan.relocation.annualplan.internal;

/** A row of {@code plan_target}. */
public class TargetRow {
    public int planYear;
    public String townshipCode;
    public int households;
    public int people;
}
