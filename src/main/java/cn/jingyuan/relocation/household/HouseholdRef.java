package cn.jingyuan.relocation.household;

/**
 * What other features need to know about a household without loading its members: where it is, who heads it,
 * how many people, and where its case stands.
 */
public record HouseholdRef(
        long id,
        String caseNo,
        int originYear,
        int planYear,
        Township township,
        long villageId,
        String villageName,
        String villageGroup,
        String headName,
        int people,
        CaseCategory category,
        RiskLevel riskLevel,
        ResettlementMode resettlementMode,
        Stage stage,
        boolean closed,
        String processInstanceId,
        java.math.BigDecimal subsidyAmount,
        boolean demolitionOverdue) {
}
