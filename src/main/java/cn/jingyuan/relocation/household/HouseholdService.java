package cn.jingyuan.relocation.household;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import cn.jingyuan.relocation.household.internal.ActivePerson;
import cn.jingyuan.relocation.household.internal.HouseholdDraft;
import cn.jingyuan.relocation.household.internal.HouseholdMapper;
import cn.jingyuan.relocation.household.internal.HouseholdRow;
import cn.jingyuan.relocation.household.internal.HouseholdRules;
import cn.jingyuan.relocation.household.internal.HouseholdStore;
import cn.jingyuan.relocation.household.internal.ListFilter;
import cn.jingyuan.relocation.household.internal.MemberMapper;
import cn.jingyuan.relocation.household.internal.MemberRow;
import cn.jingyuan.relocation.household.internal.ReferenceMapper;
import cn.jingyuan.relocation.household.internal.VillageRow;
import cn.jingyuan.relocation.security.AuditAction;
import cn.jingyuan.relocation.security.AuditLog;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.security.Role;
import cn.jingyuan.relocation.security.CurrentUsers;
import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.shared.Coded;
import cn.jingyuan.relocation.shared.FieldError;
import cn.jingyuan.relocation.shared.IdCardNumber;
import cn.jingyuan.relocation.shared.InvalidValueException;
import cn.jingyuan.relocation.shared.PageResult;
import cn.jingyuan.relocation.shared.PhoneNumber;
import cn.jingyuan.relocation.household.internal.HazardSiteRow;

/**
 * The household registry: households with their members, scoped to the caller's township, and the few writes the
 * case process makes on a household (stage, milestones, assessment). Township users see only their township; a
 * household of another township is "not found" to them.
 */
@Service
public class HouseholdService {

    private final HouseholdMapper households;
    private final MemberMapper members;
    private final ReferenceMapper references;
    private final HouseholdStore store;
    private final TownshipDirectory townships;
    private final ApplicationEventPublisher events;
    private final AuditLog audit;
    private final Clock clock;

    HouseholdService(HouseholdMapper households, MemberMapper members, ReferenceMapper references, HouseholdStore store,
                     TownshipDirectory townships, ApplicationEventPublisher events, AuditLog audit, Clock clock) {
        this.audit = audit;
        this.households = households;
        this.members = members;
        this.references = references;
        this.store = store;
        this.townships = townships;
        this.events = events;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public PageResult<HouseholdSummary> list(HouseholdQuery q, CurrentUser user) {
        String townshipCode = q.township() == null || q.township().isBlank() ? null : townships.require(q.township()).code();
        if (!user.isCountyWide()) {
            String own = townships.find(user.townshipSlug()).orElseThrow().code();
            if (townshipCode != null && !townshipCode.equals(own)) {
                return new PageResult<>(List.of(), 0, q.page().page(), q.page().size());
            }
            townshipCode = own;
        }
        String text = q.q() == null || q.q().isBlank() ? null : q.q().strip();
        String idHash = null;
        if (text != null && text.length() == 18) {
            try {
                idHash = store.hash(IdCardNumber.parse(text, LocalDate.now(clock)).value());
            } catch (InvalidValueException notAnId) {
                // searched for something else
            }
        }
        ListFilter f = new ListFilter(q.year(), townshipCode, q.stage() == null ? null : q.stage().name(), text, idHash);
        long total = households.count(f);
        List<HouseholdSummary> items = households.findPage(f, q.page().offset(), q.page().size()).stream().map(HouseholdService::summary).toList();
        return new PageResult<>(items, total, q.page().page(), q.page().size());
    }

    /**
     * One household with members; identity and phone numbers masked unless {@code reveal}, which only the officer,
     * finance and the administrator may ask for, and which is audited.
     */
    @Transactional(readOnly = true)
    public HouseholdDetail get(long id, CurrentUser user, boolean reveal) {
        HouseholdRow h = visible(id, user);
        if (reveal) {
            if (!user.hasAny(Role.OFFICER, Role.FINANCE, Role.ADMIN)) {
                throw ApiException.forbidden("只有县自然资源局经办人、县财政局可以查看完整身份证号和电话 (not allowed to reveal personal numbers)");
            }
            audit.recordNow(user.id(), AuditAction.REVEAL, "household", h.id, "查看" + h.caseNo + "户主" + h.headName + "及家庭成员的完整身份证号和电话", 200);
        }
        return detail(h, members.findByHouseholdIds(List.of(h.id)), reveal);
    }

    @Transactional
    public HouseholdDetail create(HouseholdRequest request, CurrentUser user) {
        HouseholdDraft d = draft(request, null, List.of());
        if (!user.maySee(d.township().slug())) {
            throw ApiException.forbidden("只能登记本乡镇的户 (you may register households of your own township only)");
        }
        List<FieldError> errors = new ArrayList<>(HouseholdRules.check(d));
        Map<String, Long> hazardIds = store.resolveHazardSites(List.of(d), errors);
        Optional<HouseholdRow> same = households.findByHeads(d.planYear(), List.of(store.hash(d.headId().value()))).stream().findFirst();
        same.ifPresent(s -> errors.add(new FieldError(null, "members", null, "该户主" + d.planYear() + "年度已登记为" + s.caseNo
                + " (this head's household is already registered for the year)")));
        checkPeople(d, null, errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid("户信息校验未通过 (household is invalid)", errors);
        }
        Map<String, Long> villageIds = new HashMap<>();
        store.resolveVillages(List.of(d), villageIds);
        long id = store.insert(List.of(d), villageIds, hazardIds, user.id()).get(0);
        events.publishEvent(new HouseholdsRegistered(List.of(id)));
        HouseholdRow created = households.findById(id);
        List<MemberRow> ms = members.findByHouseholdIds(List.of(id));
        audit.record(AuditAction.CREATE, "household", id, "登记" + created.caseNo, null, auditView(created, ms));
        return detail(created, ms, false);
    }

    @Transactional
    public HouseholdDetail update(long id, HouseholdRequest request, CurrentUser user) {
        HouseholdRow h = visible(id, user);
        if (request.version() == null) {
            throw ApiException.badRequest("缺少 version (the version the household was read at is required)",
                    List.of(FieldError.of("version", "必填 (required)")));
        }
        if (request.version() != h.version) {
            throw ApiException.conflict("该户已被他人修改(当前版本" + h.version + ",提交版本" + request.version() + "),请刷新后重试 (stale version)");
        }
        if (h.closed) {
            throw ApiException.conflict("该户案件已" + Stage.valueOf(h.stage).label() + ",不能修改 (the case has ended)");
        }
        List<MemberRow> current = members.findByHouseholdIds(List.of(h.id));
        HouseholdDraft d = draft(request, h, current);
        if (!d.township().code().equals(h.townshipCode)) {
            throw ApiException.invalid("乡镇不能变更 (a household cannot change township)", List.of(FieldError.of("township", "不能变更")));
        }
        List<FieldError> errors = new ArrayList<>(HouseholdRules.check(d));
        Map<String, Long> hazardIds = store.resolveHazardSites(List.of(d), errors);
        checkPeople(d, h.id, errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid("户信息校验未通过 (household is invalid)", errors);
        }
        Map<String, Long> villageIds = new HashMap<>();
        store.resolveVillages(List.of(d), villageIds);
        CommandRows.forget(id);
        store.update(h, d, villageIds, hazardIds, request.version(), store.membersDiffer(current, d), user.id());
        HouseholdRow updated = households.findById(id);
        List<MemberRow> ms = members.findByHouseholdIds(List.of(id));
        Map<String, Object> before = auditView(h, current);
        Map<String, Object> after = auditView(updated, ms);
        before.entrySet().removeIf(e -> java.util.Objects.equals(e.getValue(), after.get(e.getKey())));
        after.keySet().retainAll(before.keySet());
        audit.record(AuditAction.UPDATE, "household", id, "修改" + h.caseNo, before, after);
        return detail(updated, ms, false);
    }

    // ---- for the other features (case process, approval, plans) ----

    /** The household; read once per engine command however often its listeners ask (see {@link CommandRows}). */
    public Optional<HouseholdRef> findRef(long id) {
        return Optional.ofNullable(CommandRows.byId(id, () -> households.findById(id))).map(this::ref);
    }

    /** The household of a case; read once per engine command however often its listeners ask (see {@link CommandRows}). */
    public Optional<HouseholdRef> findRefByCaseNo(String caseNo) {
        return Optional.ofNullable(CommandRows.byCaseNo(caseNo, () -> households.findByCaseNo(caseNo))).map(this::ref);
    }

    /**
     * Reads the households of these cases and their villages' cadres in two statements and keeps them for the rest of
     * the current engine command, where the cases' listeners ask for them one by one (a decided batch's job advances
     * 25 cases in one command: 50 reads before). Outside a command it does nothing.
     */
    public void preloadCases(Collection<String> processInstanceIds) {
        if (processInstanceIds.isEmpty() || CommandRows.current() == null) {
            return;
        }
        List<HouseholdRow> rows = households.findByProcessInstanceIds(processInstanceIds);
        TreeSet<Long> villageIds = new TreeSet<>();
        rows.forEach(r -> villageIds.add(r.villageId));
        Map<Long, Optional<String>> cadres = new HashMap<>();
        if (!villageIds.isEmpty()) {
            villageIds.forEach(v -> cadres.put(v, Optional.empty()));
            references.findVillagesByIds(villageIds).forEach(v -> cadres.put(v.id, Optional.ofNullable(v.cadreUserId)));
        }
        CommandRows.keepAll(rows, cadres);
    }

    /** Households by case number (those that exist), in no particular order. */
    public List<HouseholdRef> findRefs(Collection<String> caseNos) {
        List<HouseholdRef> out = new ArrayList<>();
        List<String> list = new ArrayList<>(caseNos);
        for (int i = 0; i < list.size(); i += 1000) {
            households.findByCaseNos(list.subList(i, Math.min(list.size(), i + 1000))).forEach(r -> out.add(ref(r)));
        }
        return out;
    }

    /** Households by id (those that exist), in no particular order; one query per thousand. */
    public List<HouseholdRef> findRefsById(Collection<Long> ids) {
        List<HouseholdRef> out = new ArrayList<>();
        List<Long> list = new ArrayList<>(ids);
        for (int i = 0; i < list.size(); i += 1000) {
            households.findByIds(list.subList(i, Math.min(list.size(), i + 1000))).forEach(r -> out.add(ref(r)));
        }
        return out;
    }

    /**
     * Locks these households' rows until the current transaction ends (in id order, a thousand per query): whoever
     * else locks or changes one of them waits, and reads it afterwards as this transaction left it.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void lock(Collection<Long> ids) {
        List<Long> list = new ArrayList<>(new TreeSet<>(ids));
        for (int i = 0; i < list.size(); i += 1000) {
            households.lockByIds(list.subList(i, Math.min(list.size(), i + 1000)));
        }
    }

    /** The plan year's households at a stage, oldest first. */
    public List<HouseholdRef> findRefs(int planYear, Stage stage) {
        return households.findByYearAndStage(planYear, stage.name()).stream().map(this::ref).toList();
    }

    /** The head's masked identity number of each household. */
    public Map<Long, String> headIdsMasked(Collection<Long> householdIds) {
        Map<Long, String> out = new HashMap<>();
        List<Long> list = new ArrayList<>(householdIds);
        for (int i = 0; i < list.size(); i += 1000) {
            members.findHeads(list.subList(i, Math.min(list.size(), i + 1000))).forEach(m -> out.put(m.householdId, m.idMasked));
        }
        return out;
    }

    /** The household behind a case number if the user may see it; 404 otherwise (also for another township's). */
    public HouseholdRef visibleRef(String caseNo, CurrentUser user) {
        HouseholdRow h = households.findByCaseNo(caseNo);
        if (h == null || !user.maySee(h.townshipSlug)) {
            throw ApiException.notFound("没有案件 " + caseNo + " (no such case)");
        }
        return ref(h);
    }

    /** Moves the case's stage; closes or reopens the household for the one-open-household rule with it. */
    @Transactional
    public void enterStage(long householdId, Stage stage) {
        HouseholdRow h = CommandRows.byId(householdId, () -> households.findById(householdId));
        if (h == null) {
            throw new IllegalStateException("no household " + householdId);
        }
        if (stage.name().equals(h.stage)) {
            return;
        }
        boolean closed = stage.isClosed();
        if (closed != h.closed) {
            if (!closed) {
                reopenMembers(h);
            } else {
                members.setActive(householdId, false);
            }
        }
        LocalDateTime now = LocalDateTime.now(clock);
        households.updateStage(householdId, stage.name(), closed, closed ? now : null, CurrentUsers.idOrSystem(), now);
        events.publishEvent(new HouseholdsChanged(List.of(householdId)));
        // the row this command keeps now shows the stage it wrote (the next step's listeners read it)
        h.stage = stage.name();
        h.closed = closed;
    }

    private void reopenMembers(HouseholdRow h) {
        List<MemberRow> ms = members.findByHouseholdIds(List.of(h.id));
        List<ActivePerson> elsewhere = members.findActive(ms.stream().map(m -> m.idHash).toList());
        if (!elsewhere.isEmpty()) {
            throw ApiException.conflict("该户有成员已在另一户未办结的案件" + elsewhere.get(0).caseNo + "中,不能重新开启 (a member is in another open household)");
        }
        members.setActive(h.id, true);
    }

    /** Records a milestone date of the case (agreement, move-in, demolition, reclamation, acceptance, archiving). */
    @Transactional
    public void recordMilestone(long householdId, Milestone milestone, LocalDate date) {
        CommandRows.forget(householdId);
        households.updateMilestone(householdId, milestone.column(), date, CurrentUsers.idOrSystem(), LocalDateTime.now(clock));
        events.publishEvent(new HouseholdsChanged(List.of(householdId)));
    }

    @Transactional
    public void recordAssessment(long householdId, Boolean eligible, Integer priority, BigDecimal subsidyAmount) {
        CommandRows.forget(householdId);
        households.updateAssessment(householdId, eligible, priority, subsidyAmount);
    }

    @Transactional
    public void recordAgreement(long householdId, ResettlementMode mode, BigDecimal subsidy, LocalDate agreementDate) {
        CommandRows.forget(householdId);
        households.updateAgreement(householdId, mode.name(), subsidy, agreementDate, CurrentUsers.idOrSystem(), LocalDateTime.now(clock));
        events.publishEvent(new HouseholdsChanged(List.of(householdId)));
    }

    /** The task force's corrected classification after verifying the household on site. */
    @Transactional
    public void reclassify(long householdId, CaseCategory category, RiskLevel riskLevel) {
        CommandRows.forget(householdId);
        households.updateClassification(householdId, category.name(), riskLevel.name(), CurrentUsers.idOrSystem(), LocalDateTime.now(clock));
    }

    @Transactional
    public void markDemolitionOverdue(long householdId, boolean overdue) {
        CommandRows.forget(householdId);
        households.updateDemolitionOverdue(householdId, overdue);
    }

    @Transactional
    public void linkCase(long householdId, String processInstanceId) {
        CommandRows.forget(householdId);
        // a household has one case: whoever links second (two openers racing) fails, and its transaction, with the
        // process instance it started, rolls back
        if (households.updateProcessInstance(householdId, processInstanceId) != 1) {
            throw new IllegalStateException("household " + householdId + " has a case already");
        }
    }

    /**
     * Moves unfinished cases from one plan year to the next (rollover); case numbers stay. Only households still in
     * {@code fromYear} move, so running it twice moves nothing the second time. Returns how many moved.
     */
    @Transactional
    public int movePlanYear(Collection<Long> householdIds, int fromYear, int toYear) {
        CommandRows.forgetAll();
        if (householdIds.isEmpty()) {
            return 0;
        }
        int moved = households.movePlanYear(householdIds, fromYear, toYear, CurrentUsers.idOrSystem(), LocalDateTime.now(clock));
        events.publishEvent(new HouseholdsChanged(householdIds));
        return moved;
    }

    /** A subsidy payment was recorded for the household (the statistics count what was paid). */
    public void paymentRecorded(long householdId) {
        events.publishEvent(new HouseholdsChanged(List.of(householdId)));
    }

    /** Open households whose case has not been opened yet (oldest first). */
    public List<Long> findWithoutCase(int limit) {
        return households.findWithoutCase(limit);
    }

    /** The village's responsible task-force member (包村干部), if one is set. */
    public Optional<String> cadreOf(long villageId) {
        return CommandRows.cadre(villageId, () -> Optional.ofNullable(references.findVillage(villageId)).map(v -> v.cadreUserId));
    }

    public List<VillageView> villages(String township, CurrentUser user) {
        String code = township == null || township.isBlank() ? null : townships.require(township).code();
        if (!user.isCountyWide()) {
            String own = townships.find(user.townshipSlug()).orElseThrow().code();
            if (code != null && !code.equals(own)) {
                return List.of();
            }
            code = own;
        }
        return references.findVillages(code).stream()
                .map(v -> new VillageView(v.id, v.townshipCode, townships.byCode(v.townshipCode).name(), v.name, v.cadreUserId)).toList();
    }

    /** Sets (or clears, with {@code null}) a village's responsible cadre; the caller checks the right. */
    @Transactional
    public VillageView setCadre(long villageId, String cadreUserId, CurrentUser user) {
        VillageRow v = references.findVillage(villageId);
        if (v == null || !user.maySee(townships.byCode(v.townshipCode).slug())) {
            throw ApiException.notFound("没有这个村 (no such village)");
        }
        CommandRows.forgetAll();
        references.updateVillageCadre(villageId, cadreUserId);
        audit.record(AuditAction.UPDATE, "village", villageId, "设置" + v.name + "的包村干部", java.util.Collections.singletonMap("cadre", v.cadreUserId),
                java.util.Collections.singletonMap("cadre", cadreUserId));
        return new VillageView(v.id, v.townshipCode, townships.byCode(v.townshipCode).name(), v.name, cadreUserId);
    }

    public List<HazardSite> hazardSites(String township) {
        String code = township == null || township.isBlank() ? null : townships.require(township).code();
        Map<Long, String> villageNames = new HashMap<>();
        references.findVillages(code).forEach(v -> villageNames.put(v.id, v.name));
        return references.findHazardSites(code).stream().map(s -> new HazardSite(s.code, s.name, HazardType.valueOf(s.hazardType),
                RiskLevel.valueOf(s.riskLevel), s.townshipCode, villageNames.get(s.villageId), s.latitude, s.longitude,
                s.threatenedHouseholds, s.threatenedPeople)).toList();
    }

    /** Registers a hazard site (its village is added if new); 409 when the code exists. */
    @Transactional
    public HazardSite addHazardSite(HazardSite site) {
        Township t = townships.require(site.townshipCode());
        if (references.findHazardSites(null).stream().anyMatch(s -> s.code.equals(site.code()))) {
            throw ApiException.conflict("隐患点编号已存在:" + site.code() + " (duplicate hazard site code)");
        }
        VillageRow village = references.findVillages(t.code()).stream().filter(v -> v.name.equals(site.village())).findFirst().orElse(null);
        if (village == null && site.village() != null) {
            village = new VillageRow();
            village.townshipCode = t.code();
            village.name = site.village();
            references.insertVillage(village);
        }
        HazardSiteRow r = new HazardSiteRow();
        r.code = site.code();
        r.name = site.name();
        r.hazardType = site.type().name();
        r.riskLevel = site.riskLevel().name();
        r.townshipCode = t.code();
        r.villageId = village == null ? null : village.id;
        r.latitude = site.latitude();
        r.longitude = site.longitude();
        r.threatenedHouseholds = site.threatenedHouseholds();
        r.threatenedPeople = site.threatenedPeople();
        references.insertHazardSite(r);
        return site;
    }

    public record VillageView(long id, String townshipCode, String townshipName, String name, String cadreUserId) {
    }

    /** Decrypted identity numbers of a household's members, by member id: for reveals the caller audits. */
    @Transactional(readOnly = true)
    public Map<Long, String> identityNumbers(long householdId) {
        Map<Long, String> out = new HashMap<>();
        for (MemberRow m : members.findByHouseholdIds(List.of(householdId))) {
            out.put(m.id, store.decrypt(m.idCipher));
        }
        return out;
    }

    // ---- internals ----

    /** The fields an audit entry shows of a household; personal numbers masked. */
    private static Map<String, Object> auditView(HouseholdRow h, List<MemberRow> ms) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("village", h.villageName);
        m.put("villageGroup", h.villageGroup);
        m.put("hazardSite", h.hazardSiteCode);
        m.put("category", h.category);
        m.put("riskLevel", h.riskLevel);
        m.put("phone", h.phoneMasked);
        m.put("declaredSize", h.declaredSize);
        m.put("resettlementMode", h.resettlementMode);
        m.put("remarks", h.remarks);
        m.put("members", ms.stream().map(x -> x.name + " " + x.relation + " " + x.idMasked).toList());
        return m;
    }

    private HouseholdRow visible(long id, CurrentUser user) {
        HouseholdRow h = households.findById(id);
        if (h == null || !user.maySee(h.townshipSlug)) {
            throw ApiException.notFound("没有编号为 " + id + " 的户 (no such household)");
        }
        return h;
    }

    private void checkPeople(HouseholdDraft d, Long self, List<FieldError> errors) {
        Map<String, HouseholdDraft.PersonDraft> byHash = new HashMap<>();
        d.members().forEach(p -> byHash.put(store.hash(p.id().value()), p));
        for (ActivePerson a : members.findActive(byHash.keySet())) {
            if (self == null || a.householdId != self) {
                HouseholdDraft.PersonDraft p = byHash.get(a.idHash);
                errors.add(new FieldError(null, "members[" + (d.members().indexOf(p)) + "].idNumber", p.id().masked(),
                        p.name() + "已在另一户未办结的案件" + a.caseNo + "中 (already in another open household)"));
            }
        }
    }

    private HouseholdDraft draft(HouseholdRequest r, HouseholdRow existing, List<MemberRow> current) {
        List<FieldError> errors = new ArrayList<>();
        LocalDate today = LocalDate.now(clock);
        Integer year = existing != null ? Integer.valueOf(existing.planYear) : r.planYear();
        if (year == null || year < 2000 || year > 2100) {
            errors.add(FieldError.of("planYear", "计划年度必填,应为4位年份 (plan year is required)"));
        }
        Township township = r.township() == null && existing != null ? townships.byCode(existing.townshipCode)
                : townships.find(r.township()).orElse(null);
        if (township == null) {
            errors.add(new FieldError(null, "township", r.township(), "不是泾源县的乡镇 (unknown township)"));
        }
        if (r.village() == null || r.village().isBlank() || r.village().length() > 40) {
            errors.add(FieldError.of("village", "村必填,不超过40字 (village is required)"));
        }
        if (r.villageGroup() != null && r.villageGroup().length() > 20) {
            errors.add(new FieldError(null, "villageGroup", r.villageGroup(), "组不超过20字 (too long)"));
        }
        if (r.hazardSiteCode() != null && r.hazardSiteCode().length() > 32) {
            errors.add(new FieldError(null, "hazardSiteCode", r.hazardSiteCode(), "隐患点编号不超过32字 (too long)"));
        }
        if (r.remarks() != null && r.remarks().length() > 500) {
            errors.add(FieldError.of("remarks", "备注不超过500字 (at most 500 characters)"));
        }
        if (r.declaredSize() != null && (r.declaredSize() < 1 || r.declaredSize() > 99)) {
            errors.add(new FieldError(null, "declaredSize", String.valueOf(r.declaredSize()), "家庭人口应为1到99 (household size 1..99)"));
        }
        CaseCategory category = coded(CaseCategory.class, r.category(), "category", true, errors);
        RiskLevel risk = coded(RiskLevel.class, r.riskLevel(), "riskLevel", true, errors);
        ResettlementMode mode = coded(ResettlementMode.class, r.resettlementMode(), "resettlementMode", false, errors);
        PhoneNumber phone = null;
        String rawPhone = r.phone();
        if (existing != null && existing.phoneCipher != null && (rawPhone == null || rawPhone.equals(existing.phoneMasked))) {
            // PUT without a phone, or with the masked one it was read with, keeps the stored number ("" clears it)
            rawPhone = store.decrypt(existing.phoneCipher);
        }
        try {
            phone = HouseholdStore.phoneOrNull(rawPhone);
        } catch (InvalidValueException e) {
            errors.add(new FieldError(null, "phone", r.phone(), e.getMessage()));
        }
        Map<Long, MemberRow> currentById = new HashMap<>();
        current.forEach(m -> currentById.put(m.id, m));
        List<HouseholdDraft.PersonDraft> people = new ArrayList<>();
        List<HouseholdRequest.MemberRequest> ms = r.members() == null ? List.of() : r.members();
        for (int i = 0; i < ms.size(); i++) {
            HouseholdRequest.MemberRequest m = ms.get(i);
            String at = "members[" + i + "]";
            if (m.name() == null || m.name().isBlank() || m.name().length() > 50) {
                errors.add(FieldError.of(at + ".name", "姓名必填 (name is required)"));
            }
            if (m.relation() == null || m.relation().isBlank() || m.relation().length() > 16) {
                errors.add(FieldError.of(at + ".relation", "与户主关系必填,不超过16字 (relation is required)"));
            }
            String number = m.idNumber();
            if ((number == null || number.isBlank()) && m.id() != null && currentById.containsKey(m.id())) {
                number = store.decrypt(currentById.get(m.id()).idCipher);
            }
            IdCardNumber id = null;
            try {
                id = IdCardNumber.parse(number, today);
            } catch (InvalidValueException e) {
                errors.add(new FieldError(null, at + ".idNumber", number == null ? null : IdCardNumber.mask(number.length() == 18 ? number : "000000000000000000"), e.getMessage()));
            }
            people.add(new HouseholdDraft.PersonDraft(0, m.name() == null ? null : m.name().strip(), id,
                    m.relation() == null ? null : m.relation().strip()));
        }
        if (people.isEmpty()) {
            errors.add(FieldError.of("members", "至少要有一名家庭成员 (at least one member)"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid("户信息校验未通过 (household is invalid)", errors);
        }
        IdCardNumber headId = people.stream().filter(HouseholdDraft.PersonDraft::isHead).findFirst()
                .map(HouseholdDraft.PersonDraft::id).orElse(people.get(0).id());
        return new HouseholdDraft(List.of(), year, township, r.village().strip(), blankToNull(r.villageGroup()),
                blankToNull(r.hazardSiteCode()), category, risk, headId, phone, r.declaredSize(), mode, blankToNull(r.remarks()), people);
    }

    private static <E extends Enum<E> & Coded> E coded(Class<E> type, String value, String field, boolean required, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            if (required) {
                errors.add(FieldError.of(field, "必填,可选:" + Coded.labels(type) + " (required)"));
            }
            return null;
        }
        return Coded.lookup(type, value).orElseGet(() -> {
            errors.add(new FieldError(null, field, value, "可选值为:" + Coded.labels(type) + " (not an allowed value)"));
            return null;
        });
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private HouseholdRef ref(HouseholdRow h) {
        return new HouseholdRef(h.id, h.caseNo, h.originYear, h.planYear, store.township(h), h.villageId, h.villageName,
                h.villageGroup, h.headName, h.people, CaseCategory.valueOf(h.category), RiskLevel.valueOf(h.riskLevel),
                h.resettlementMode == null ? null : ResettlementMode.valueOf(h.resettlementMode), Stage.valueOf(h.stage), h.closed,
                h.processInstanceId, h.subsidyAmount, h.demolitionOverdue);
    }

    static HouseholdSummary summary(HouseholdRow h) {
        ResettlementMode mode = h.resettlementMode == null ? null : ResettlementMode.valueOf(h.resettlementMode);
        return new HouseholdSummary(h.id, h.caseNo, h.planYear, h.originYear, h.townshipCode, h.townshipName, h.villageName,
                h.villageGroup, h.headName, h.phoneMasked, h.people, h.category, CaseCategory.valueOf(h.category).label(),
                h.riskLevel, RiskLevel.valueOf(h.riskLevel).label(), h.resettlementMode, mode == null ? null : mode.label(),
                h.stage, Stage.valueOf(h.stage).label(), h.closed, h.demolitionOverdue, h.subsidyAmount);
    }

    private HouseholdDetail detail(HouseholdRow h, Collection<MemberRow> ms, boolean reveal) {
        ResettlementMode mode = h.resettlementMode == null ? null : ResettlementMode.valueOf(h.resettlementMode);
        List<HouseholdDetail.MemberView> views = ms.stream().map(m -> new HouseholdDetail.MemberView(m.id, m.seq, m.name,
                reveal ? store.decrypt(m.idCipher) : m.idMasked, m.relation, m.sex, m.birthDate)).toList();
        String phone = reveal && h.phoneCipher != null ? store.decrypt(h.phoneCipher) : h.phoneMasked;
        return new HouseholdDetail(h.id, h.caseNo, h.planYear, h.originYear, h.townshipCode, h.townshipName, h.villageName,
                h.villageGroup, h.hazardSiteCode, h.category, CaseCategory.valueOf(h.category).label(), h.riskLevel,
                RiskLevel.valueOf(h.riskLevel).label(), h.headName, phone, h.declaredSize, h.people, h.resettlementMode,
                mode == null ? null : mode.label(), h.remarks, h.stage, Stage.valueOf(h.stage).label(), h.closed, h.eligible,
                h.priority, h.subsidyAmount, h.agreementDate, h.movedInDate, h.demolishedDate, h.demolitionOverdue,
                h.reclaimedDate, h.acceptedDate, h.archivedDate, reveal, views, h.version, h.createdBy, h.createdAt,
                h.updatedBy, h.updatedAt);
    }
}
