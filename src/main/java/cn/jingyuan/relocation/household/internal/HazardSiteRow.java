package cn.jingyuan.relocation.household.internal;

import java.math.BigDecimal;

/** A row of {@code hazard_site}. */
public class HazardSiteRow {
    public Long id;
    public String code;
    public String name;
    public String hazardType;
    public String riskLevel;
    public String townshipCode;
    public Long villageId;
    public BigDecimal latitude;
    public BigDecimal longitude;
    public int threatenedHouseholds;
    public int threatenedPeople;
}
