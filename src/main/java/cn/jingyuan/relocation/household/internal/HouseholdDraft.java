package cn.jingyuan.relocation.household.internal;

import java.util.List;

import cn.jingyuan.relocation.household.CaseCategory;
import cn.jingyuan.relocation.household.ResettlementMode;
import cn.jingyuan.relocation.household.RiskLevel;
import cn.jingyuan.relocation.household.Township;
import cn.jingyuan.relocation.shared.IdCardNumber;
import cn.jingyuan.relocation.shared.PhoneNumber;

/**
 * A household as the user wants it to be, checked value by value, before it is compared with the database and
 * written. {@code rows} are the ledger rows it came from (empty for an API request).
 */
public record HouseholdDraft(
        List<Integer> rows,
        int planYear,
        Township township,
        String villageName,
        String villageGroup,
        String hazardSiteCode,
        CaseCategory category,
        RiskLevel riskLevel,
        IdCardNumber headId,
        PhoneNumber phone,
        Integer declaredSize,
        ResettlementMode mode,
        String remarks,
        List<PersonDraft> members) {

    /** A member: the ledger row (or 0), name, identity number, relation to the head; {@code keepMemberId} for PUT. */
    public record PersonDraft(int row, String name, IdCardNumber id, String relation) {

        public boolean isHead() {
            return LedgerColumn.HEAD_RELATION.equals(relation);
        }
    }

    public int firstRow() {
        return rows.isEmpty() ? 0 : rows.get(0);
    }
}
