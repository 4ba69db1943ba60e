package cn.jingyuan.relocation.household;

import java.math.BigDecimal;

/** A geological hazard site (地质灾害隐患点) that threatens households. */
public record HazardSite(String code, String name, HazardType type, RiskLevel riskLevel, String townshipCode,
                         String village, BigDecimal latitude, BigDecimal longitude, int threatenedHouseholds,
                         int threatenedPeople) {
}
