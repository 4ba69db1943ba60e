package cn.jingyuan.relocation.annualplan.internal;

/** Households of a plan year that moved in during one month of that year (1-12), and their people. */
public class MonthRow {
    public int monthNo;
    public int households;
    public int people;
}
