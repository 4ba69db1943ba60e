package cn.jingyuan.relocation.household;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One line of the household list. Phone numbers are masked; identity numbers are not listed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HouseholdSummary(
        long id,
        String caseNo,
        int planYear,
        int originYear,
        String townshipCode,
        String townshipName,
        String village,
        String villageGroup,
        String headName,
        String phone,
        int people,
        String category,
        String categoryLabel,
        String riskLevel,
        String riskLevelLabel,
        String resettlementMode,
        String resettlementModeLabel,
        String stage,
        String stageLabel,
        boolean closed,
        boolean demolitionOverdue,
        BigDecimal subsidyAmount) {
}
