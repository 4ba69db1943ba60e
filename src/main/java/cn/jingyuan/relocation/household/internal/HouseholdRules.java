package cn.jingyuan.relocation.household.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import cn.jingyuan.relocation.shared.FieldError;

/**
 * The rules a household must keep, whether it comes from a ledger or from the API: at least one member, exactly
 * one head and that head is the household's head, the declared size equals the number of members, nobody twice.
 * Errors carry the ledger row they are about ({@code null} for API requests).
 */
public final class HouseholdRules {

    private HouseholdRules() {
    }

    public static List<FieldError> check(HouseholdDraft h) {
        List<FieldError> errors = new ArrayList<>();
        List<HouseholdDraft.PersonDraft> heads = h.members().stream().filter(HouseholdDraft.PersonDraft::isHead).toList();
        if (h.members().isEmpty()) {
            errors.add(new FieldError(row(h.firstRow()), "members", null, "家庭成员不能为空 (a household needs members)"));
        }
        if (heads.isEmpty()) {
            errors.add(new FieldError(row(h.firstRow()), "与户主关系", null,
                    "该户没有户主:应有且只有一行“与户主关系”为“户主” (the household has no head)"));
        } else if (heads.size() > 1) {
            for (HouseholdDraft.PersonDraft extra : heads.subList(1, heads.size())) {
                errors.add(new FieldError(row(extra.row()), "与户主关系", extra.relation(),
                        "该户有" + heads.size() + "名户主,只能有一名 (the household has " + heads.size() + " heads)"));
            }
        } else if (h.headId() != null && heads.get(0).id() != null && !heads.get(0).id().equals(h.headId())) {
            HouseholdDraft.PersonDraft head = heads.get(0);
            errors.add(new FieldError(row(head.row()), "身份证号", head.id().masked(),
                    "户主本人的身份证号与“户主身份证号”不一致 (the head's own number differs from the household's head number)"));
        }
        if (h.declaredSize() != null && h.declaredSize() != h.members().size()) {
            int at = heads.isEmpty() ? h.firstRow() : heads.get(0).row();
            errors.add(new FieldError(row(at), "家庭人口", String.valueOf(h.declaredSize()),
                    "家庭人口填" + h.declaredSize() + "人,实际列出" + h.members().size() + "人 (declared size "
                            + h.declaredSize() + " but " + h.members().size() + " members)"));
        }
        Map<String, HouseholdDraft.PersonDraft> seen = new HashMap<>();
        for (HouseholdDraft.PersonDraft p : h.members()) {
            if (p.id() == null) {
                continue;
            }
            HouseholdDraft.PersonDraft first = seen.putIfAbsent(p.id().value(), p);
            if (first != null) {
                errors.add(new FieldError(row(p.row()), "身份证号", p.id().masked(),
                        "同一人在本户重复出现" + (first.row() > 0 ? "(第" + first.row() + "行)" : "") + " (listed twice in the household)"));
            }
        }
        return errors;
    }

    private static Integer row(int row) {
        return row > 0 ? row : null;
    }
}
