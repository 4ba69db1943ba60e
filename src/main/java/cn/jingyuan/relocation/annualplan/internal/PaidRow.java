package cn.jingyuan.relocation.annualplan.internal;

import java.math.BigDecimal;

/** Subsidy paid to a township's cases of a year. */
public class PaidRow {
    public String townshipCode;
    public BigDecimal amount;
}
