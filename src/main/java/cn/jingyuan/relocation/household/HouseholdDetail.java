package cn.jingyuan.relocation.household;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One household with its members, as {@code GET /api/households/{id}} returns it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HouseholdDetail(
        long id,
        String caseNo,
        int planYear,
        int originYear,
        String townshipCode,
        String townshipName,
        String village,
        String villageGroup,
        String hazardSiteCode,
        String category,
        String categoryLabel,
        String riskLevel,
        String riskLevelLabel,
        String headName,
        String phone,
        Integer declaredSize,
        int people,
        String resettlementMode,
        String resettlementModeLabel,
        String remarks,
        String stage,
        String stageLabel,
        boolean closed,
        Boolean eligible,
        Integer priority,
        BigDecimal subsidyAmount,
        LocalDate agreementDate,
        LocalDate movedInDate,
        LocalDate demolishedDate,
        boolean demolitionOverdue,
        LocalDate reclaimedDate,
        LocalDate acceptedDate,
        LocalDate archivedDate,
        boolean piiRevealed,
        List<MemberView> members,
        int version,
        String createdBy,
        LocalDateTime createdAt,
        String updatedBy,
        LocalDateTime updatedAt) {

    /** A member; {@code idNumber} is masked unless the caller revealed it. */
    public record MemberView(long id, int seq, String name, String idNumber, String relation, String sex, LocalDate birthDate) {
    }
}
