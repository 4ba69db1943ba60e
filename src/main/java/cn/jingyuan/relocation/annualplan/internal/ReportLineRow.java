package cn.jingyuan.relocation.annualplan.internal;

import java.math.BigDecimal;
import java.time.LocalDate;

/** A household line of the annual report's ledger sheet. */
public class ReportLineRow {
    public long id;
    public String caseNo;
    public int originYear;
    public int planYear;
    public String townshipCode;
    public String villageName;
    public String villageGroup;
    public String headName;
    public int people;
    public String category;
    public String riskLevel;
    public String resettlementMode;
    public String stage;
    public LocalDate agreementDate;
    public LocalDate movedInDate;
    public LocalDate demolishedDate;
    public LocalDate acceptedDate;
    public LocalDate archivedDate;
    public BigDecimal subsidyAmount;
    public BigDecimal paid;
    public Integer carriedInFrom;
    public Integer carriedOutTo;
}
