package cn.jingyuan.relocation.relocationcase.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;

/** A row of {@code subsidy_payment}. */
public class PaymentRow {
    public Long id;
    public long householdId;
    public int trancheNo;
    public String milestone;
    public BigDecimal amount;
    public LocalDate paidOn;
    public String voucherNo;
    public String recordedBy;
    public LocalDateTime recordedAt;
}
