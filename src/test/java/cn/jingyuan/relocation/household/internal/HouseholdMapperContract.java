package cn.jingyuan.relocation.household.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.annotation.Transactional;

/**
 * The household and member mappers against the real schema (Flyway's migrations from sql/), run once on H2 and
 * once on MariaDB. Each test runs in a transaction that is rolled back; writes are checked with plain SQL.
 * Plan years 2091/2092 keep these rows apart from anything else in the database.
 */
@ContextConfiguration(classes = HouseholdMapperContract.Slice.class)
@Transactional // here, not only through @MybatisTest: the test methods are declared in this class
abstract class HouseholdMapperContract {

    /**
     * The slice's own configuration: the application class would bring the Camunda process application along.
     * Mappers are scanned from this package.
     */
    @Configuration(proxyBeanMethods = false)
    @AutoConfigurationPackage
    static class Slice {
    }

    static final String XIANGSHUI = "640424100";
    static final String HUANGHUA = "640424202";

    @Autowired
    HouseholdMapper households;
    @Autowired
    MemberMapper members;
    @Autowired
    ReferenceMapper references;
    @Autowired
    JdbcTemplate jdbc;

    private final LocalDateTime now = LocalDateTime.of(2025, 5, 20, 8, 30, 15);

    @Test
    void migrationsLoadTheCountysTownshipsAndVillages() {
        assertThat(references.findTownships()).extracting(t -> t.name())
                .containsExactly("香水镇", "泾河源镇", "六盘山镇", "新民乡", "兴盛乡", "黄花乡", "大湾乡");
        assertThat(references.findVillages(XIANGSHUI)).extracting(v -> v.name).contains("沙塘村", "下寺村");
    }

    @Test
    void insertAllWritesHouseholdsAndTheirMembers() {
        HouseholdRow a = row("640424-2091-0001", 2091, XIANGSHUI, "沙塘村", "马德福", "a-head");
        a.villageGroup = "3组";
        a.phoneCipher = "v1:cipher";
        a.phoneMasked = "139****5678";
        a.declaredSize = 2;
        a.people = 2;
        a.resettlementMode = "SUBSIDY";
        a.remarks = "=不是公式";
        HouseholdRow b = row("640424-2091-0002", 2091, HUANGHUA, "向阳村", "杨秀英", "b-head");

        households.insertAll(List.of(a, b));
        Map<String, Long> ids = ids("640424-2091-0001", "640424-2091-0002");
        members.insertAll(List.of(member(ids.get("640424-2091-0001"), 1, "马德福", "户主", "a-head"),
                member(ids.get("640424-2091-0001"), 2, "兰花", "配偶", "a-wife")));

        Map<String, Object> stored = jdbc.queryForMap("SELECT case_no, origin_year, plan_year, township_code, village_group, category,"
                + " risk_level, head_name, head_id_hash, phone_cipher, phone_masked, declared_size, people, resettlement_mode, remarks,"
                + " stage, closed, version, created_by, created_at FROM household WHERE id = ?", ids.get("640424-2091-0001"));
        assertThat(stored).containsEntry("CASE_NO", "640424-2091-0001")
                .containsEntry("PLAN_YEAR", 2091).containsEntry("TOWNSHIP_CODE", XIANGSHUI).containsEntry("VILLAGE_GROUP", "3组")
                .containsEntry("HEAD_NAME", "马德福").containsEntry("HEAD_ID_HASH", "a-head").containsEntry("PHONE_MASKED", "139****5678")
                .containsEntry("DECLARED_SIZE", 2).containsEntry("PEOPLE", 2).containsEntry("RESETTLEMENT_MODE", "SUBSIDY")
                .containsEntry("REMARKS", "=不是公式").containsEntry("STAGE", "IDENTIFIED").containsEntry("CLOSED", false)
                .containsEntry("VERSION", 0).containsEntry("CREATED_BY", "officer");
        assertThat(jdbc.queryForList("SELECT seq, name, relation, id_hash, active_id_hash, sex, birth_date FROM member"
                + " WHERE household_id = ? ORDER BY seq", ids.get("640424-2091-0001")))
                .extracting(m -> m.get("SEQ") + " " + m.get("NAME") + " " + m.get("RELATION") + " " + m.get("ID_HASH") + " "
                        + m.get("ACTIVE_ID_HASH") + " " + m.get("SEX") + " " + m.get("BIRTH_DATE"))
                .containsExactly("1 马德福 户主 a-head a-head M 1970-01-01", "2 兰花 配偶 a-wife a-wife M 1970-01-01");

        HouseholdRow read = households.findById(ids.get("640424-2091-0001"));
        assertThat(read.townshipName).isEqualTo("香水镇");
        assertThat(read.townshipSlug).isEqualTo("xiangshui");
        assertThat(read.villageName).isEqualTo("沙塘村");
        assertThat(read.createdAt).isEqualTo(now);
        assertThat(households.findByCaseNo("640424-2091-0002").headName).isEqualTo("杨秀英");
        assertThat(members.findByHouseholdIds(List.of(ids.get("640424-2091-0001")))).extracting(m -> m.name).containsExactly("马德福", "兰花");
    }

    /**
     * A household read fills every field of the row: the reads name their columns one by one (no automatic mapping),
     * so a column added to the select and not to the result map would come back empty.
     */
    @Test
    void aHouseholdReadFillsEveryFieldOfItsRow() throws IllegalAccessException {
        households.insertAll(List.of(row("640424-2092-0001", 2092, XIANGSHUI, "沙塘村", "马德福", "f-head")));
        long id = ids("640424-2092-0001").get("640424-2092-0001");
        jdbc.update("INSERT INTO hazard_site (code, name, hazard_type, risk_level, township_code) VALUES ('HS-2092', '沙塘滑坡', 'LANDSLIDE',"
                + " 'HIGH', ?)", XIANGSHUI);
        java.time.LocalDate day = java.time.LocalDate.of(2092, 3, 4);
        jdbc.update("UPDATE household SET village_group = '1组', hazard_site_id = (SELECT id FROM hazard_site WHERE code = 'HS-2092'),"
                + " phone_cipher = 'v1:c', phone_masked = '139****0000', declared_size = 1, resettlement_mode = 'SUBSIDY', remarks = '备注',"
                + " process_instance_id = 'pi', eligible = TRUE, priority = 1, subsidy_amount = 1000, agreement_date = ?, moved_in_date = ?,"
                + " demolished_date = ?, demolition_overdue = TRUE, reclaimed_date = ?, accepted_date = ?, archived_date = ?, closed = TRUE,"
                + " closed_at = ?, version = 3, updated_by = 'finance', updated_at = ? WHERE id = ?", day, day, day, day, day, day,
                now, now, id);

        for (HouseholdRow read : List.of(households.findById(id), households.findByCaseNo("640424-2092-0001"),
                households.findByIds(List.of(id)).get(0), households.findByCaseNos(List.of("640424-2092-0001")).get(0))) {
            for (java.lang.reflect.Field f : HouseholdRow.class.getFields()) {
                Object v = f.get(read);
                assertThat(v).as(f.getName()).isNotNull().isNotEqualTo(0).isNotEqualTo(false);
            }
        }
    }

    @Test
    void findPageFiltersByYearTownshipStageTextAndIdentityHash() {
        HouseholdRow a = row("640424-2091-0101", 2091, XIANGSHUI, "沙塘村", "马德", "a");
        HouseholdRow b = row("640424-2091-0102", 2091, XIANGSHUI, "下寺村", "杨福", "b");
        b.stage = "APPLICATION";
        HouseholdRow c = row("640424-2091-0103", 2091, HUANGHUA, "向阳村", "马明", "c");
        HouseholdRow d = row("640424-2092-0104", 2092, XIANGSHUI, "沙塘村", "海强", "d");
        households.insertAll(List.of(a, b, c, d));
        Map<String, Long> ids = ids("640424-2091-0101", "640424-2091-0102", "640424-2091-0103", "640424-2092-0104");
        members.insertAll(List.of(member(ids.get("640424-2091-0103"), 1, "马明", "户主", "c"),
                member(ids.get("640424-2091-0103"), 2, "马小兰", "女", "c-daughter")));

        assertThat(page(new ListFilter(2091, null, null, null, null), 0, 50)).containsExactly("马明", "杨福", "马德");
        assertThat(households.count(new ListFilter(2091, null, null, null, null))).isEqualTo(3);
        assertThat(page(new ListFilter(2091, XIANGSHUI, null, null, null), 0, 50)).containsExactly("杨福", "马德");
        assertThat(page(new ListFilter(2091, null, "APPLICATION", null, null), 0, 50)).containsExactly("杨福");
        assertThat(page(new ListFilter(null, XIANGSHUI, "IDENTIFIED", "640424-2092-0104", null), 0, 50)).containsExactly("海强");
        assertThat(page(new ListFilter(2091, null, null, "马", null), 0, 50)).containsExactly("马明", "马德");
        assertThat(page(new ListFilter(null, null, null, "沙塘", null), 0, 50)).containsExactly("海强", "马德");
        assertThat(page(new ListFilter(2091, null, null, "c-daughter", "c-daughter"), 0, 50)).containsExactly("马明");
        assertThat(page(new ListFilter(2091, null, null, "nobody", "nobody"), 0, 50)).isEmpty();
        assertThat(households.count(new ListFilter(2091, HUANGHUA, null, "马", null))).isEqualTo(1);

        assertThat(page(new ListFilter(2091, null, null, null, null), 1, 1)).containsExactly("杨福");
        assertThat(page(new ListFilter(2091, null, null, null, null), 3, 50)).isEmpty();
        assertThat(households.count(new ListFilter(2093, null, null, null, null))).isZero();
    }

    @Test
    void theUniqueIndexRefusesASecondOpenMembershipOfOnePerson() {
        households.insertAll(List.of(row("640424-2091-0201", 2091, XIANGSHUI, "沙塘村", "马德", "p-head"),
                row("640424-2091-0202", 2091, HUANGHUA, "向阳村", "杨福", "q-head")));
        Map<String, Long> ids = ids("640424-2091-0201", "640424-2091-0202");
        long first = ids.get("640424-2091-0201");
        long second = ids.get("640424-2091-0202");
        members.insertAll(List.of(member(first, 1, "马德", "户主", "p-head"), member(first, 2, "马兰", "女", "shared")));

        assertThatThrownBy(() -> members.insertAll(List.of(member(second, 1, "马兰", "户主", "shared"))))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(memberCount(second)).isZero();
        assertThat(members.findActive(List.of("shared", "p-head", "nobody"))).extracting(p -> p.idHash + "@" + p.caseNo)
                .containsExactlyInAnyOrder("shared@640424-2091-0201", "p-head@640424-2091-0201");

        // once the first household is closed, the person may belong to another one
        assertThat(members.setActive(first, false)).isEqualTo(2);
        members.insertAll(List.of(member(second, 1, "马兰", "户主", "shared")));
        assertThat(members.findActive(List.of("shared"))).extracting(p -> p.householdId).containsExactly(second);

        // and the first cannot be reopened while the second is open
        assertThatThrownBy(() -> members.setActive(first, true)).isInstanceOf(DuplicateKeyException.class);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM member WHERE active_id_hash = 'shared'", Integer.class)).isEqualTo(1);
    }

    @Test
    void setActiveClosesAndReopensOnlyThatHouseholdsMembers() {
        households.insertAll(List.of(row("640424-2091-0301", 2091, XIANGSHUI, "沙塘村", "马德", "x1"),
                row("640424-2091-0302", 2091, XIANGSHUI, "沙塘村", "杨福", "y1")));
        Map<String, Long> ids = ids("640424-2091-0301", "640424-2091-0302");
        long x = ids.get("640424-2091-0301");
        long y = ids.get("640424-2091-0302");
        members.insertAll(List.of(member(x, 1, "马德", "户主", "x1"), member(x, 2, "马花", "女", "x2"), member(y, 1, "杨福", "户主", "y1")));

        assertThat(members.setActive(x, false)).isEqualTo(2);
        assertThat(activeHashes(x)).containsOnlyNulls().hasSize(2);
        assertThat(activeHashes(y)).containsExactly("y1");
        assertThat(members.findActive(List.of("x1", "x2", "y1"))).extracting(p -> p.idHash).containsExactly("y1");

        assertThat(members.setActive(x, true)).isEqualTo(2);
        assertThat(activeHashes(x)).containsExactlyInAnyOrder("x1", "x2");
    }

    @Test
    void updateWithAStaleVersionChangesNothingAndReturnsZero() {
        households.insertAll(List.of(row("640424-2091-0401", 2091, XIANGSHUI, "沙塘村", "马德", "u1")));
        long id = ids("640424-2091-0401").get("640424-2091-0401");
        HouseholdRow current = households.findById(id);

        HouseholdRow change = households.findById(id);
        change.phoneMasked = "138****0000";
        change.remarks = "已核实";
        change.updatedBy = "xiangshui.tf1";
        change.updatedAt = now.plusHours(1);
        assertThat(households.update(change)).isEqualTo(1);

        HouseholdRow stale = current; // still at version 0
        stale.remarks = "被覆盖";
        stale.updatedBy = "xiangshui.tf2";
        assertThat(households.update(stale)).isZero();

        Map<String, Object> stored = jdbc.queryForMap("SELECT version, remarks, phone_masked, updated_by FROM household WHERE id = ?", id);
        assertThat(stored).containsEntry("VERSION", 1).containsEntry("REMARKS", "已核实").containsEntry("PHONE_MASKED", "138****0000")
                .containsEntry("UPDATED_BY", "xiangshui.tf1");
        assertThat(households.findById(id).updatedAt).isEqualTo(now.plusHours(1));
    }

    @Test
    void aHouseholdIsLinkedToOneCaseOnly() {
        households.insertAll(List.of(row("640424-2091-0451", 2091, XIANGSHUI, "沙塘村", "马德", "c1")));
        long id = ids("640424-2091-0451").get("640424-2091-0451");

        assertThat(households.updateProcessInstance(id, "pi-first")).isEqualTo(1);
        // a second opener racing the first finds the household linked already and changes nothing
        assertThat(households.updateProcessInstance(id, "pi-second")).isZero();

        assertThat(households.findById(id).processInstanceId).isEqualTo("pi-first");
    }

    @Test
    void findByHeadsMatchesTheOriginOrThePlanYear() {
        HouseholdRow moved = row("640424-2091-0501", 2091, XIANGSHUI, "沙塘村", "马德", "h1");
        moved.planYear = 2092;
        households.insertAll(List.of(moved, row("640424-2091-0502", 2091, XIANGSHUI, "沙塘村", "杨福", "h2")));

        assertThat(households.findByHeads(2091, List.of("h1", "h2", "h3"))).extracting(h -> h.caseNo)
                .containsExactlyInAnyOrder("640424-2091-0501", "640424-2091-0502");
        assertThat(households.findByHeads(2092, List.of("h1", "h2"))).extracting(h -> h.caseNo).containsExactly("640424-2091-0501");
        assertThat(households.findByHeads(2093, List.of("h1"))).isEmpty();
    }

    @Test
    void findForExportListsAYearInCaseOrder() {
        households.insertAll(List.of(row("640424-2091-0603", 2091, XIANGSHUI, "沙塘村", "丙", "e3"),
                row("640424-2091-0601", 2091, HUANGHUA, "向阳村", "甲", "e1"),
                row("640424-2091-0602", 2091, XIANGSHUI, "下寺村", "乙", "e2")));

        assertThat(households.findForExport(2091, null)).extracting(h -> h.caseNo + " " + h.villageName)
                .containsExactly("640424-2091-0601 向阳村", "640424-2091-0602 下寺村", "640424-2091-0603 沙塘村");
        assertThat(households.findForExport(2091, XIANGSHUI)).extracting(h -> h.headName).containsExactly("乙", "丙");
    }

    private List<String> page(ListFilter f, int offset, int limit) {
        return households.findPage(f, offset, limit).stream().map(h -> h.headName).toList();
    }

    private Map<String, Long> ids(String... caseNos) {
        Map<String, Long> out = new java.util.HashMap<>();
        households.findIdsByCaseNos(Arrays.asList(caseNos)).forEach(r -> out.put(r.caseNo, r.id));
        assertThat(out).hasSize(caseNos.length);
        return out;
    }

    private int memberCount(long householdId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM member WHERE household_id = ?", Integer.class, householdId);
    }

    private List<String> activeHashes(long householdId) {
        return new ArrayList<>(jdbc.queryForList("SELECT active_id_hash FROM member WHERE household_id = ?", String.class, householdId));
    }

    private HouseholdRow row(String caseNo, int year, String township, String village, String head, String headHash) {
        HouseholdRow r = new HouseholdRow();
        r.caseNo = caseNo;
        r.originYear = year;
        r.planYear = year;
        r.townshipCode = township;
        r.villageId = references.findVillages(township).stream().filter(v -> v.name.equals(village)).findFirst().orElseThrow().id;
        r.category = "HAZARD_POINT";
        r.riskLevel = "HIGH";
        r.headName = head;
        r.headIdHash = headHash;
        r.people = 1;
        r.stage = "IDENTIFIED";
        r.createdBy = "officer";
        r.createdAt = now;
        r.updatedBy = "officer";
        r.updatedAt = now;
        return r;
    }

    private static MemberRow member(long householdId, int seq, String name, String relation, String hash) {
        MemberRow m = new MemberRow();
        m.householdId = householdId;
        m.seq = seq;
        m.name = name;
        m.relation = relation;
        m.idCipher = "v1:" + hash;
        m.idHash = hash;
        m.idMasked = "640424********0011";
        m.activeIdHash = hash;
        m.sex = "M";
        m.birthDate = LocalDate.of(1970, 1, 1);
        return m;
    }
}
