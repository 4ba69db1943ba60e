package cn.jingyuan.relocation.household;

import java.util.List;

/**
 * A household to register ({@code POST}) or its new state ({@code PUT}, with the {@code version} it was read at).
 * On {@code PUT} a member that keeps its identity number may be sent with its {@code id} and no {@code idNumber}, and
 * a phone left out (or sent back masked, as it was read) keeps the stored number; an empty phone clears it.
 */
public record HouseholdRequest(
        Integer planYear,
        String township,
        String village,
        String villageGroup,
        String hazardSiteCode,
        String category,
        String riskLevel,
        String phone,
        Integer declaredSize,
        String resettlementMode,
        String remarks,
        List<MemberRequest> members,
        Integer version) {

    public record MemberRequest(Long id, String name, String idNumber, String relation) {
    }
}
