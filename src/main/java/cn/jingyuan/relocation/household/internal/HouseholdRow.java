package cn.jingyuan.relocation.household.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;

/** A row of {@code household}, with the names the list and detail views join in. */
public class HouseholdRow {
    public Long id;
    public String caseNo;
    public int originYear;
    public int planYear;
    public String townshipCode;
    public Long villageId;
    public String villageGroup;
    public Long hazardSiteId;
    public String category;
    public String riskLevel;
    public String headName;
    public String headIdHash;
    public String phoneCipher;
    public String phoneMasked;
    public Integer declaredSize;
    public int people;
    public String resettlementMode;
    public String remarks;
    public String stage;
    public boolean closed;
    public String processInstanceId;
    public Boolean eligible;
    public Integer priority;
    public BigDecimal subsidyAmount;
    public LocalDate agreementDate;
    public LocalDate movedInDate;
    public LocalDate demolishedDate;
    public boolean demolitionOverdue;
    public LocalDate reclaimedDate;
    public LocalDate acceptedDate;
    public LocalDate archivedDate;
    public LocalDateTime closedAt;
    public int version;
    public String createdBy;
    public LocalDateTime createdAt;
    public String updatedBy;
    public LocalDateTime updatedAt;

    // joined, read-only
    public String townshipName;
    public String townshipSlug;
    public String villageName;
    public String hazardSiteCode;
}
