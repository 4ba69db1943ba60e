package cn.jingyuan.relocation.approval.internal;

import java.math.BigDecimal;

/** A row of {@code approval_batch_case}: a case in a batch and what the leaders decided for it. */
public class BatchCaseRow {
    public long batchId;
    public long householdId;
    public String caseNo;
    public String townshipCode;
    public int people;
    public BigDecimal subsidyAmount;
    public String resettlementMode;
    public String outcome;
    public String opinion;
    public Long openHouseholdId;
}
