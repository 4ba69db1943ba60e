package cn.jingyuan.relocation.household.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
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

import org.mybatis.spring.SqlSessionTemplate;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.household.HouseholdsChanged;
import cn.jingyuan.relocation.household.HouseholdsInserted;
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
    /** Rows per JDBC batch. */
    private static final int BATCH = 1000;
    /** Below this many items, work stays on the calling thread. */
    private static final int PARALLEL_FROM = 200;

    private final HouseholdMapper households;
    private final MemberMapper members;
    private final ReferenceMapper references;
    private final CaseSequenceMapper sequences;
    private final PiiCipher cipher;
    private final Clock clock;
    private final JdbcTemplate jdbc;
    private final SqlSessionTemplate mybatis;
    private final ApplicationEventPublisher events;

    HouseholdStore(HouseholdMapper households, MemberMapper members, ReferenceMapper references,
                   CaseSequenceMapper sequences, PiiCipher cipher, Clock clock, JdbcTemplate jdbc, SqlSessionTemplate mybatis,
                   ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.mybatis = mybatis;
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

    /** The keyed hash of every identity number of the drafts, computed once each, on every core. */
    public PersonKeys keys(Collection<HouseholdDraft> drafts) {
        List<String> values = drafts.stream().flatMap(d -> d.members().stream()).map(p -> p.id().value()).distinct().toList();
        Map<String, String> hashes = values.size() < PARALLEL_FROM
                ? values.stream().collect(Collectors.toMap(Function.identity(), cipher::hash))
                : values.parallelStream().collect(Collectors.toConcurrentMap(Function.identity(), cipher::hash));
        return new PersonKeys(hashes, cipher::hash);
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
        return insert(drafts, villageIds, hazardIds, userId, keys(drafts));
    }

    /**
     * Inserts new households with their members in JDBC batches (one statement each, many rows; the MySQL URL's
     * {@code rewriteBatchedStatements} sends them as multi-row inserts); the rows, with their encrypted numbers, are
     * made on every core first. Returns the ids in draft order.
     */
    public List<Long> insert(List<HouseholdDraft> drafts, Map<String, Long> villageIds, Map<String, Long> hazardIds, String userId,
                             PersonKeys keys) {
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
        List<HouseholdRow> rows = parallel(drafts, d -> {
            HouseholdRow r = toRow(d, villageIds, hazardIds, keys);
            r.caseNo = caseNos.get(d);
            r.originYear = d.planYear();
            r.planYear = d.planYear();
            r.stage = Stage.IDENTIFIED.name();
            r.createdBy = userId;
            r.createdAt = now;
            r.updatedBy = userId;
            r.updatedAt = now;
            return r;
        });
        List<List<MemberRow>> memberRows = parallel(drafts, d -> memberRows(0, d, keys));
        Map<String, Long> ids = new HashMap<>();
        for (int i = 0; i < rows.size(); i += BATCH) {
            List<HouseholdRow> chunk = rows.subList(i, Math.min(rows.size(), i + BATCH));
            batchInsertHouseholds(chunk);
            List<String> nos = chunk.stream().map(r -> r.caseNo).toList();
            jdbc.query("SELECT id, case_no FROM household WHERE case_no IN (" + String.join(",", java.util.Collections.nCopies(nos.size(), "?")) + ")",
                    rs -> {
                        ids.put(rs.getString(2), rs.getLong(1));
                    }, nos.toArray());
        }
        List<MemberRow> allMembers = new ArrayList<>();
        List<Long> result = new ArrayList<>(drafts.size());
        for (int i = 0; i < drafts.size(); i++) {
            long id = ids.get(rows.get(i).caseNo);
            result.add(id);
            for (MemberRow m : memberRows.get(i)) {
                m.householdId = id;
                allMembers.add(m);
            }
        }
        insertMembers(allMembers);
        // MyBatis caches the transaction's query results; rows written past it must not be answered from that cache
        mybatis.clearCache();
        List<HouseholdsInserted.Inserted> inserted = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            HouseholdRow r = rows.get(i);
            inserted.add(new HouseholdsInserted.Inserted(result.get(i), r.originYear, r.planYear, r.townshipCode, r.stage,
                    r.resettlementMode, r.closed, r.people));
        }
        events.publishEvent(new HouseholdsInserted(inserted));
        return result;
    }

    private static <T, R> List<R> parallel(List<T> items, Function<T, R> f) {
        return items.size() < PARALLEL_FROM ? items.stream().map(f).toList() : items.parallelStream().map(f).toList();
    }

    private static final String INSERT_HOUSEHOLD = "INSERT INTO household (case_no, origin_year, plan_year, township_code, village_id,"
            + " village_group, hazard_site_id, category, risk_level, head_name, head_id_hash, phone_cipher, phone_masked, declared_size,"
            + " people, resettlement_mode, remarks, stage, closed, version, created_by, created_at, updated_by, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)";

    private static final String INSERT_MEMBER = "INSERT INTO member (household_id, seq, name, relation, id_cipher, id_hash, id_masked,"
            + " active_id_hash, sex, birth_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private void batchInsertHouseholds(List<HouseholdRow> rows) {
        jdbc.batchUpdate(INSERT_HOUSEHOLD, rows, rows.size(), (ps, r) -> {
            ps.setString(1, r.caseNo);
            ps.setInt(2, r.originYear);
            ps.setInt(3, r.planYear);
            ps.setString(4, r.townshipCode);
            setLong(ps, 5, r.villageId);
            ps.setString(6, r.villageGroup);
            setLong(ps, 7, r.hazardSiteId);
            ps.setString(8, r.category);
            ps.setString(9, r.riskLevel);
            ps.setString(10, r.headName);
            ps.setString(11, r.headIdHash);
            ps.setString(12, r.phoneCipher);
            ps.setString(13, r.phoneMasked);
            if (r.declaredSize == null) {
                ps.setNull(14, Types.INTEGER);
            } else {
                ps.setInt(14, r.declaredSize);
            }
            ps.setInt(15, r.people);
            ps.setString(16, r.resettlementMode);
            ps.setString(17, r.remarks);
            ps.setString(18, r.stage);
            ps.setBoolean(19, r.closed);
            ps.setString(20, r.createdBy);
            ps.setObject(21, r.createdAt);
            ps.setString(22, r.updatedBy);
            ps.setObject(23, r.updatedAt);
        });
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }

    /** Replaces an existing household's data with the draft, under optimistic locking; 409 when it changed meanwhile. */
    public void update(HouseholdRow existing, HouseholdDraft d, Map<String, Long> villageIds, Map<String, Long> hazardIds,
                       int expectedVersion, boolean membersChanged, String userId) {
        update(existing, d, villageIds, hazardIds, expectedVersion, membersChanged, userId, keys(List.of(d)));
    }

    public void update(HouseholdRow existing, HouseholdDraft d, Map<String, Long> villageIds, Map<String, Long> hazardIds,
                       int expectedVersion, boolean membersChanged, String userId, PersonKeys keys) {
        HouseholdRow r = toRow(d, villageIds, hazardIds, keys);
        r.id = existing.id;
        r.version = expectedVersion;
        r.updatedBy = userId;
        r.updatedAt = LocalDateTime.now(clock);
        if (households.update(r) != 1) {
            throw ApiException.conflict("户" + existing.caseNo + "已被他人修改(版本" + expectedVersion + "已过期),请刷新后重试 (stale version)");
        }
        events.publishEvent(new HouseholdsChanged(List.of(existing.id)));
        if (membersChanged) {
            members.deleteByHousehold(existing.id);
            insertMembers(memberRows(existing.id, d, keys));
            mybatis.clearCache();
        }
    }

    private void insertMembers(List<MemberRow> rows) {
        try {
            for (int i = 0; i < rows.size(); i += BATCH) {
                jdbc.batchUpdate(INSERT_MEMBER, rows.subList(i, Math.min(rows.size(), i + BATCH)), BATCH, (ps, m) -> {
                    ps.setLong(1, m.householdId);
                    ps.setInt(2, m.seq);
                    ps.setString(3, m.name);
                    ps.setString(4, m.relation);
                    ps.setString(5, m.idCipher);
                    ps.setString(6, m.idHash);
                    ps.setString(7, m.idMasked);
                    ps.setString(8, m.activeIdHash);
                    ps.setString(9, m.sex);
                    ps.setObject(10, m.birthDate);
                });
            }
        } catch (DuplicateKeyException e) {
            // the unique index on active persons caught a race with another registration
            throw ApiException.conflict("有人员已在另一户未办结的案件中(可能刚被他人登记),请刷新后重试 (a person is already in another open household)");
        }
    }

    private HouseholdRow toRow(HouseholdDraft d, Map<String, Long> villageIds, Map<String, Long> hazardIds, PersonKeys keys) {
        HouseholdRow r = new HouseholdRow();
        r.townshipCode = d.township().code();
        r.villageId = villageIds.get(d.township().code() + "|" + d.villageName());
        r.villageGroup = d.villageGroup();
        r.hazardSiteId = d.hazardSiteCode() == null ? null : hazardIds.get(d.hazardSiteCode());
        r.category = d.category().name();
        r.riskLevel = d.riskLevel().name();
        HouseholdDraft.PersonDraft head = d.members().stream().filter(HouseholdDraft.PersonDraft::isHead).findFirst().orElseThrow();
        r.headName = head.name();
        r.headIdHash = keys.of(d.headId());
        r.phoneCipher = d.phone() == null ? null : cipher.encrypt(d.phone().value());
        r.phoneMasked = d.phone() == null ? null : d.phone().masked();
        r.declaredSize = d.declaredSize();
        r.people = d.members().size();
        r.resettlementMode = d.mode() == null ? null : d.mode().name();
        r.remarks = d.remarks();
        return r;
    }

    private List<MemberRow> memberRows(long householdId, HouseholdDraft d, PersonKeys keys) {
        List<MemberRow> out = new ArrayList<>(d.members().size());
        int seq = 0;
        for (HouseholdDraft.PersonDraft p : d.members()) {
            MemberRow m = new MemberRow();
            m.householdId = householdId;
            m.seq = ++seq;
            m.name = p.name();
            m.relation = p.relation();
            m.idCipher = cipher.encrypt(p.id().value());
            m.idHash = keys.of(p.id());
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
                           Map<String, Long> villageIds, Map<String, Long> hazardIds, PersonKeys keys) {
        String phone = existing.phoneCipher == null ? null : cipher.decrypt(existing.phoneCipher);
        boolean same = Objects.equals(existing.villageId, villageIds.get(d.township().code() + "|" + d.villageName()))
                && Objects.equals(existing.villageGroup, d.villageGroup())
                && Objects.equals(existing.hazardSiteId, d.hazardSiteCode() == null ? null : hazardIds.get(d.hazardSiteCode()))
                && existing.category.equals(d.category().name())
                && existing.riskLevel.equals(d.riskLevel().name())
                && Objects.equals(phone, d.phone() == null ? null : d.phone().value())
                && Objects.equals(existing.resettlementMode, d.mode() == null ? null : d.mode().name())
                && Objects.equals(existing.remarks, d.remarks());
        return !same || membersDiffer(existingMembers, d, keys);
    }

    public boolean membersDiffer(List<MemberRow> existingMembers, HouseholdDraft d) {
        return membersDiffer(existingMembers, d, keys(List.of(d)));
    }

    public boolean membersDiffer(List<MemberRow> existingMembers, HouseholdDraft d, PersonKeys keys) {
        if (existingMembers.size() != d.members().size()) {
            return true;
        }
        for (int i = 0; i < existingMembers.size(); i++) {
            MemberRow m = existingMembers.get(i);
            HouseholdDraft.PersonDraft p = d.members().get(i);
            if (!m.name.equals(p.name()) || !m.relation.equals(p.relation()) || !m.idHash.equals(keys.of(p.id()))) {
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
