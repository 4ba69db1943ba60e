package cn.jingyuan.relocation.household.internal;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.household.Stage;
import cn.jingyuan.relocation.household.Township;
import cn.jingyuan.relocation.security.PiiCipher;
import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.shared.FieldError;
import cn.jingyuan.relocation.shared.PhoneNumber;

/**
 * Writes household drafts: encrypts and hashes identity and phone numbers, finds or adds villages, issues case
 * numbers, inserts in chunks and replaces members on change. Callers validate first and call this inside one
 * transaction, so a failure leaves nothing behind.
 */
@Component
public class HouseholdStore {

    public static final String COUNTY_CODE = "640424";
    private static final int CHUNK = 500;

    private final HouseholdMapper households;
    private final MemberMapper members;
    private final ReferenceMapper references;
    private final CaseSequenceMapper sequences;
    private final PiiCipher cipher;
    private final Clock clock;

    HouseholdStore(HouseholdMapper households, MemberMapper members, ReferenceMapper references,
                   CaseSequenceMapper sequences, PiiCipher cipher, Clock clock) {
        this.households = households;
        this.members = members;
        this.references = references;
        this.sequences = sequences;
        this.cipher = cipher;
        this.clock = clock;
    }

    public String decrypt(String cipherText) {
        return cipher.decrypt(cipherText);
    }

    /** The keyed hash of an identity number, for lookups. */
    public String hash(String idNumber) {
        return cipher.hash(idNumber);
    }

    /** Villages by township code and name; missing ones are added. Returns the names that were added. */
    public List<String> resolveVillages(Collection<HouseholdDraft> drafts, Map<String, Long> villageIds) {
        Map<String, Long> known = references.findVillages(null).stream()
                .collect(Collectors.toMap(v -> v.townshipCode + "|" + v.name, v -> v.id, (a, b) -> a));
        List<String> added = new ArrayList<>();
        for (HouseholdDraft d : drafts) {
            String key = d.township().code() + "|" + d.villageName();
            if (!known.containsKey(key)) {
                VillageRow v = new VillageRow();
                v.townshipCode = d.township().code();
                v.name = d.villageName();
                references.insertVillage(v);
                known.put(key, v.id);
                added.add(d.township().name() + d.villageName());
            }
            villageIds.put(key, known.get(key));
        }
        return added;
    }

    /** Hazard sites by code, for the codes the drafts name; unknown codes are errors on the drafts' rows. */
    public Map<String, Long> resolveHazardSites(Collection<HouseholdDraft> drafts, List<FieldError> errors) {
        Map<String, HazardSiteRow> byCode = references.findHazardSites(null).stream()
                .collect(Collectors.toMap(s -> s.code, Function.identity()));
        Map<String, Long> ids = new HashMap<>();
        for (HouseholdDraft d : drafts) {
            if (d.hazardSiteCode() == null) {
                continue;
            }
            HazardSiteRow s = byCode.get(d.hazardSiteCode());
            if (s == null) {
                errors.add(new FieldError(d.firstRow() > 0 ? d.firstRow() : null, LedgerColumn.HAZARD_SITE.header(), d.hazardSiteCode(),
                        "隐患点编号不存在:" + d.hazardSiteCode() + " (no such hazard site)"));
            } else if (!s.townshipCode.equals(d.township().code())) {
                errors.add(new FieldError(d.firstRow() > 0 ? d.firstRow() : null, LedgerColumn.HAZARD_SITE.header(), d.hazardSiteCode(),
                        "隐患点" + d.hazardSiteCode() + "不在" + d.township().name() + " (the hazard site is in another township)"));
            } else {
                ids.put(s.code, s.id);
            }
        }
        return ids;
    }

    /** Inserts new households with their members; returns their ids in draft order. */
    public List<Long> insert(List<HouseholdDraft> drafts, Map<String, Long> villageIds, Map<String, Long> hazardIds, String userId) {
        if (drafts.isEmpty()) {
            return List.of();
        }
        LocalDateTime now = LocalDateTime.now(clock);
        Map<Integer, List<HouseholdDraft>> byYear = drafts.stream().collect(Collectors.groupingBy(HouseholdDraft::planYear));
        Map<HouseholdDraft, String> caseNos = new HashMap<>();
        byYear.forEach((year, list) -> {
            int first = reserve(year, list.size());
            for (int i = 0; i < list.size(); i++) {
                caseNos.put(list.get(i), caseNo(year, first + i));
            }
        });
        List<HouseholdRow> rows = new ArrayList<>(drafts.size());
        for (HouseholdDraft d : drafts) {
            HouseholdRow r = toRow(d, villageIds, hazardIds);
            r.caseNo = caseNos.get(d);
            r.originYear = d.planYear();
            r.planYear = d.planYear();
            r.stage = Stage.IDENTIFIED.name();
            r.createdBy = userId;
            r.createdAt = now;
            r.updatedBy = userId;
            r.updatedAt = now;
            rows.add(r);
        }
        Map<String, Long> ids = new HashMap<>();
        for (int i = 0; i < rows.size(); i += CHUNK) {
            List<HouseholdRow> chunk = rows.subList(i, Math.min(rows.size(), i + CHUNK));
            households.insertAll(chunk);
            households.findIdsByCaseNos(chunk.stream().map(r -> r.caseNo).toList()).forEach(r -> ids.put(r.caseNo, r.id));
        }
        List<MemberRow> memberRows = new ArrayList<>();
        List<Long> result = new ArrayList<>(drafts.size());
        for (int i = 0; i < drafts.size(); i++) {
            long id = ids.get(rows.get(i).caseNo);
            result.add(id);
            memberRows.addAll(memberRows(id, drafts.get(i)));
        }
        insertMembers(memberRows);
        return result;
    }

    /** Replaces an existing household's data with the draft, under optimistic locking; 409 when it changed meanwhile. */
    public void update(HouseholdRow existing, HouseholdDraft d, Map<String, Long> villageIds, Map<String, Long> hazardIds,
                       int expectedVersion, boolean membersChanged, String userId) {
        HouseholdRow r = toRow(d, villageIds, hazardIds);
        r.id = existing.id;
        r.version = expectedVersion;
        r.updatedBy = userId;
        r.updatedAt = LocalDateTime.now(clock);
        if (households.update(r) != 1) {
            throw ApiException.conflict("户" + existing.caseNo + "已被他人修改(版本" + expectedVersion + "已过期),请刷新后重试 (stale version)");
        }
        if (membersChanged) {
            members.deleteByHousehold(existing.id);
            insertMembers(memberRows(existing.id, d));
        }
    }

    private void insertMembers(List<MemberRow> rows) {
        try {
            for (int i = 0; i < rows.size(); i += CHUNK * 2) {
                members.insertAll(rows.subList(i, Math.min(rows.size(), i + CHUNK * 2)));
            }
        } catch (DuplicateKeyException e) {
            // the unique index on active persons caught a race with another registration
            throw ApiException.conflict("有人员已在另一户未办结的案件中(可能刚被他人登记),请刷新后重试 (a person is already in another open household)");
        }
    }

    private HouseholdRow toRow(HouseholdDraft d, Map<String, Long> villageIds, Map<String, Long> hazardIds) {
        HouseholdRow r = new HouseholdRow();
        r.townshipCode = d.township().code();
        r.villageId = villageIds.get(d.township().code() + "|" + d.villageName());
        r.villageGroup = d.villageGroup();
        r.hazardSiteId = d.hazardSiteCode() == null ? null : hazardIds.get(d.hazardSiteCode());
        r.category = d.category().name();
        r.riskLevel = d.riskLevel().name();
        HouseholdDraft.PersonDraft head = d.members().stream().filter(HouseholdDraft.PersonDraft::isHead).findFirst().orElseThrow();
        r.headName = head.name();
        r.headIdHash = cipher.hash(d.headId().value());
        r.phoneCipher = d.phone() == null ? null : cipher.encrypt(d.phone().value());
        r.phoneMasked = d.phone() == null ? null : d.phone().masked();
        r.declaredSize = d.declaredSize();
        r.people = d.members().size();
        r.resettlementMode = d.mode() == null ? null : d.mode().name();
        r.remarks = d.remarks();
        return r;
    }

    private List<MemberRow> memberRows(long householdId, HouseholdDraft d) {
        List<MemberRow> out = new ArrayList<>(d.members().size());
        int seq = 0;
        for (HouseholdDraft.PersonDraft p : d.members()) {
            MemberRow m = new MemberRow();
            m.householdId = householdId;
            m.seq = ++seq;
            m.name = p.name();
            m.relation = p.relation();
            m.idCipher = cipher.encrypt(p.id().value());
            m.idHash = cipher.hash(p.id().value());
            m.idMasked = p.id().masked();
            m.activeIdHash = m.idHash;
            m.sex = p.id().sex();
            m.birthDate = p.id().birthDate();
            out.add(m);
        }
        return out;
    }

    /** True when the draft says something different from what is stored (members compared by hash, in order). */
    public boolean differs(HouseholdRow existing, List<MemberRow> existingMembers, HouseholdDraft d,
                           Map<String, Long> villageIds, Map<String, Long> hazardIds) {
        String phone = existing.phoneCipher == null ? null : cipher.decrypt(existing.phoneCipher);
        boolean same = Objects.equals(existing.villageId, villageIds.get(d.township().code() + "|" + d.villageName()))
                && Objects.equals(existing.villageGroup, d.villageGroup())
                && Objects.equals(existing.hazardSiteId, d.hazardSiteCode() == null ? null : hazardIds.get(d.hazardSiteCode()))
                && existing.category.equals(d.category().name())
                && existing.riskLevel.equals(d.riskLevel().name())
                && Objects.equals(phone, d.phone() == null ? null : d.phone().value())
                && Objects.equals(existing.resettlementMode, d.mode() == null ? null : d.mode().name())
                && Objects.equals(existing.remarks, d.remarks());
        return !same || membersDiffer(existingMembers, d);
    }

    public boolean membersDiffer(List<MemberRow> existingMembers, HouseholdDraft d) {
        if (existingMembers.size() != d.members().size()) {
            return true;
        }
        for (int i = 0; i < existingMembers.size(); i++) {
            MemberRow m = existingMembers.get(i);
            HouseholdDraft.PersonDraft p = d.members().get(i);
            if (!m.name.equals(p.name()) || !m.relation.equals(p.relation()) || !m.idHash.equals(cipher.hash(p.id().value()))) {
                return true;
            }
        }
        return false;
    }

    private int reserve(int year, int count) {
        if (sequences.find(year) == null) {
            try {
                sequences.create(year);
            } catch (DuplicateKeyException raced) {
                // another registration created the year's counter first
            }
        }
        sequences.advance(year, count);
        return sequences.find(year) - count;
    }

    public static String caseNo(int year, int sequence) {
        return COUNTY_CODE + "-" + year + "-" + String.format("%04d", sequence);
    }

    public static PhoneNumber phoneOrNull(String raw) {
        return raw == null || raw.isBlank() ? null : PhoneNumber.parse(raw);
    }

    public Township township(HouseholdRow r) {
        return new Township(r.townshipCode, r.townshipName, r.townshipSlug);
    }
}
