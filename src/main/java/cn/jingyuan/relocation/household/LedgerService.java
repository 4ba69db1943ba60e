package cn.jingyuan.relocation.household;

import java.io.InputStream;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import cn.jingyuan.relocation.household.internal.ActivePerson;
import cn.jingyuan.relocation.household.internal.HouseholdDraft;
import cn.jingyuan.relocation.household.internal.HouseholdMapper;
import cn.jingyuan.relocation.household.internal.HouseholdRow;
import cn.jingyuan.relocation.household.internal.HouseholdStore;
import cn.jingyuan.relocation.household.internal.LedgerColumn;
import cn.jingyuan.relocation.household.internal.LedgerLine;
import cn.jingyuan.relocation.household.internal.LedgerReader;
import cn.jingyuan.relocation.household.internal.LedgerValidator;
import cn.jingyuan.relocation.household.internal.LedgerWriter;
import cn.jingyuan.relocation.household.internal.MemberMapper;
import cn.jingyuan.relocation.household.internal.MemberRow;
import cn.jingyuan.relocation.household.internal.PersonKeys;
import cn.jingyuan.relocation.security.AuditAction;
import cn.jingyuan.relocation.security.AuditLog;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.shared.ClusterLock;
import cn.jingyuan.relocation.shared.FieldError;
import cn.jingyuan.relocation.security.Role;
import cn.jingyuan.relocation.shared.Downloads;

/**
 * Ledger (台账) import: all or nothing. The file is read and every row checked first (cells, households, people
 * already in another open household, hazard sites, the caller's township); one error and nothing is written, the
 * answer lists every error with its row. A valid file is written in one transaction: new households are
 * registered (their cases open once it commits), changed ones updated, unchanged ones left alone, so importing
 * the same ledger twice changes nothing the second time.
 */
@Service
public class LedgerService {

    /** Errors listed in one answer; a file with more says how many there were. */
    static final int MAX_ERRORS = 1000;
    /** The largest ledger file accepted (413 beyond). */
    public static final long MAX_UPLOAD_BYTES = LedgerReader.MAX_BYTES;
    private static final int LOOKUP_CHUNK = 1000;

    private final HouseholdMapper households;
    private final MemberMapper members;
    private final HouseholdStore store;
    private final TownshipDirectory townships;
    private final ApplicationEventPublisher events;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final ClusterLock clusterLock;
    private final ImportsInProgress imports;
    /** How long a ledger's import lease lasts: longer than any import; a node that dies holding it loses it then. */
    static final java.time.Duration IMPORT_LEASE = java.time.Duration.ofMinutes(10);

    LedgerService(HouseholdMapper households, MemberMapper members, HouseholdStore store, TownshipDirectory townships,
                  ApplicationEventPublisher events, AuditLog audit, Clock clock, PlatformTransactionManager transactionManager,
                  ClusterLock clusterLock, ImportsInProgress imports) {
        this.clusterLock = clusterLock;
        this.imports = imports;
        this.transactions = new TransactionTemplate(transactionManager);
        this.audit = audit;
        this.households = households;
        this.members = members;
        this.store = store;
        this.townships = townships;
        this.events = events;
        this.clock = clock;
    }

    /** Imports a ledger held in memory (demo data, scripts, tests). */
    public ImportResult importLedger(byte[] content, CurrentUser user) {
        return importLines(LedgerReader.read(content), user);
    }

    /**
     * Imports an uploaded ledger: the upload goes to a temporary file and is read from there before any transaction
     * starts, so a hostile file costs no database connection while it is refused.
     */
    public ImportResult importLedger(InputStream upload, CurrentUser user) {
        return importLines(LedgerReader.read(upload), user);
    }

    private ImportResult importLines(List<LedgerLine> lines, CurrentUser user) {
        // the same ledger sent twice at once (a double click, two colleagues, two nodes): the second one is told that
        // it is being imported instead of waiting on the first one's row locks; sent again later it changes nothing
        String lease = "ledger-import:" + digest(lines);
        if (!clusterLock.tryLeaseCreating(lease, IMPORT_LEASE)) {
            throw ApiException.conflict("同一份台账正在导入,请稍后刷新查看结果 (the same ledger is being imported right now)");
        }
        imports.begin();
        try {
            return transactions.execute(status -> write(lines, user));
        } finally {
            imports.end();
            clusterLock.releaseAndForget(lease);
        }
    }

    /** The ledger's content as 40 hex digits (SHA-256, shortened): the same rows give the same digest. */
    static String digest(List<LedgerLine> lines) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            for (LedgerLine line : lines) {
                for (String cell : line.cells()) {
                    md.update(cell == null ? new byte[0] : cell.strip().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    md.update((byte) 0x1f);
                }
                md.update((byte) 0x1e);
            }
            return java.util.HexFormat.of().formatHex(md.digest()).substring(0, 40);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private ImportResult write(List<LedgerLine> lines, CurrentUser user) {
        if (lines.isEmpty()) {
            throw ApiException.invalid("台账没有数据行 (the ledger has no data rows)",
                    List.of(new FieldError(null, "file", null, "台账没有数据行")));
        }
        townships.all(); // loaded before the validation's worker threads ask for them
        LedgerValidator.Result checked = new LedgerValidator(t -> townships.find(t).orElse(null), LocalDate.now(clock)).validate(lines);
        List<FieldError> errors = new ArrayList<>(checked.errors());
        List<HouseholdDraft> drafts = checked.households();
        for (HouseholdDraft d : drafts) {
            if (d.township() != null && !user.maySee(d.township().slug())) {
                for (int row : d.rows()) {
                    errors.add(new FieldError(row, LedgerColumn.TOWNSHIP.header(), d.township().name(),
                            "只能导入本乡镇的台账,不能导入" + d.township().name() + "的户 (you may import your own township's rows only)"));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        Map<String, Long> hazardIds = store.resolveHazardSites(drafts, errors);
        PersonKeys keys = store.keys(drafts);
        Map<HouseholdDraft, HouseholdRow> existing = findExisting(drafts, keys);
        checkPeople(drafts, existing, keys, errors);
        List<HouseholdDraft> fresh = new ArrayList<>();
        List<HouseholdDraft> known = new ArrayList<>();
        for (HouseholdDraft d : drafts) {
            HouseholdRow e = existing.get(d);
            if (e == null) {
                fresh.add(d);
            } else if (!e.townshipCode.equals(d.township().code())) {
                errors.add(new FieldError(d.firstRow(), LedgerColumn.TOWNSHIP.header(), d.township().name(),
                        "户" + e.caseNo + "已登记在" + e.townshipName + ",不能改为" + d.township().name() + " (a household cannot change township)"));
            } else {
                known.add(d);
            }
        }
        Map<Long, List<MemberRow>> membersOf = membersOf(known.stream().map(d -> existing.get(d).id).toList());
        Map<String, Long> villageIds = new HashMap<>();
        List<HouseholdDraft> changed = new ArrayList<>();
        if (errors.isEmpty()) {
            List<String> newVillages = store.resolveVillages(drafts, villageIds);
            for (HouseholdDraft d : known) {
                HouseholdRow e = existing.get(d);
                if (store.differs(e, membersOf.get(e.id), d, villageIds, hazardIds, keys)) {
                    if (e.closed) {
                        errors.add(new FieldError(d.firstRow(), LedgerColumn.HEAD_ID.header(), null, "户" + e.caseNo + "的案件已"
                                + Stage.valueOf(e.stage).label() + ",不能再通过台账修改 (the case has ended; it cannot be changed)"));
                    } else {
                        changed.add(d);
                    }
                }
            }
            if (errors.isEmpty()) {
                List<Long> ids = store.insert(fresh, villageIds, hazardIds, user.id(), keys);
                for (HouseholdDraft d : changed) {
                    HouseholdRow e = existing.get(d);
                    store.update(e, d, villageIds, hazardIds, e.version, store.membersDiffer(membersOf.get(e.id), d, keys), user.id(), keys);
                }
                if (!ids.isEmpty()) {
                    events.publishEvent(new HouseholdsRegistered(ids));
                }
                audit.record(AuditAction.IMPORT, "ledger", null, "导入台账:新登记" + fresh.size() + "户,更新" + changed.size() + "户,未变"
                        + (known.size() - changed.size()) + "户,共" + checked.people() + "人", null, null);
                return new ImportResult(fresh.size(), changed.size(), known.size() - changed.size(), drafts.size(),
                        checked.people(), newVillages);
            }
        }
        throw invalid(errors);
    }

    private Map<HouseholdDraft, HouseholdRow> findExisting(List<HouseholdDraft> drafts, PersonKeys keys) {
        Map<String, HouseholdRow> byKey = new HashMap<>();
        Map<Integer, List<String>> hashesByYear = new HashMap<>();
        Map<HouseholdDraft, String> keyOf = new HashMap<>();
        for (HouseholdDraft d : drafts) {
            String h = keys.of(d.headId());
            keyOf.put(d, h + "|" + d.planYear());
            hashesByYear.computeIfAbsent(d.planYear(), y -> new ArrayList<>()).add(h);
        }
        hashesByYear.forEach((year, hashes) -> {
            for (int i = 0; i < hashes.size(); i += LOOKUP_CHUNK) {
                for (HouseholdRow r : households.findByHeads(year, hashes.subList(i, Math.min(hashes.size(), i + LOOKUP_CHUNK)))) {
                    byKey.putIfAbsent(r.headIdHash + "|" + year, r);
                }
            }
        });
        Map<HouseholdDraft, HouseholdRow> out = new HashMap<>();
        for (HouseholdDraft d : drafts) {
            HouseholdRow r = byKey.get(keyOf.get(d));
            if (r != null) {
                out.put(d, r);
            }
        }
        return out;
    }

    /** A person may be in one open household only: the one this draft is (if it exists already), or none. */
    private void checkPeople(List<HouseholdDraft> drafts, Map<HouseholdDraft, HouseholdRow> existing, PersonKeys keys,
                             List<FieldError> errors) {
        Map<String, HouseholdDraft.PersonDraft> byHash = new HashMap<>();
        Map<String, HouseholdDraft> draftOf = new HashMap<>();
        for (HouseholdDraft d : drafts) {
            for (HouseholdDraft.PersonDraft p : d.members()) {
                String h = keys.of(p.id());
                byHash.put(h, p);
                draftOf.put(h, d);
            }
        }
        List<String> hashes = new ArrayList<>(byHash.keySet());
        for (int i = 0; i < hashes.size(); i += LOOKUP_CHUNK) {
            for (ActivePerson a : members.findActive(hashes.subList(i, Math.min(hashes.size(), i + LOOKUP_CHUNK)))) {
                HouseholdRow same = existing.get(draftOf.get(a.idHash));
                if (same == null || same.id != a.householdId) {
                    HouseholdDraft.PersonDraft p = byHash.get(a.idHash);
                    errors.add(new FieldError(p.row() > 0 ? p.row() : null, LedgerColumn.ID_NUMBER.header(), p.id().masked(),
                            p.name() + "已在另一户未办结的案件" + a.caseNo + "(" + a.planYear + "年度)中,一人只能属于一户 (already in another open household)"));
                }
            }
        }
    }

    private Map<Long, List<MemberRow>> membersOf(List<Long> ids) {
        Map<Long, List<MemberRow>> out = new HashMap<>();
        for (int i = 0; i < ids.size(); i += LOOKUP_CHUNK) {
            for (MemberRow m : members.findByHouseholdIds(ids.subList(i, Math.min(ids.size(), i + LOOKUP_CHUNK)))) {
                out.computeIfAbsent(m.householdId, k -> new ArrayList<>()).add(m);
            }
        }
        return out;
    }

    /** A ledger file to download. */
    public record Export(byte[] content, String contentType, String filename) {
    }

    /**
     * The ledger of a plan year (and township) in the import layout. Identity and phone numbers are in full only for
     * roles that re-import ledgers (officer, admin); everyone else gets them masked.
     */
    @Transactional(readOnly = true)
    public Export export(int year, String township, String format, CurrentUser user) {
        Township t = township == null || township.isBlank() ? null : townships.require(township);
        if (!user.isCountyWide()) {
            Township own = townships.find(user.townshipSlug()).orElseThrow();
            if (t != null && !t.code().equals(own.code())) {
                throw ApiException.notFound("没有该乡镇的台账 (no such ledger)");
            }
            t = own;
        }
        boolean full = user.hasAny(Role.ADMIN, Role.OFFICER);
        List<HouseholdRow> rows = households.findForExport(year, t == null ? null : t.code());
        if (full) {
            audit.recordNow(user.id(), AuditAction.EXPORT, "ledger", year, "导出" + year + "年度" + (t == null ? "全县" : t.name()) + "台账("
                    + rows.size() + "户,含完整身份证号和电话)", 200);
        }
        List<String[]> lines = new ArrayList<>();
        for (int i = 0; i < rows.size(); i += LOOKUP_CHUNK) {
            List<HouseholdRow> chunk = rows.subList(i, Math.min(rows.size(), i + LOOKUP_CHUNK));
            Map<Long, List<MemberRow>> ms = membersOf(chunk.stream().map(r -> r.id).toList());
            for (HouseholdRow h : chunk) {
                lines.addAll(ledgerLines(h, ms.getOrDefault(h.id, List.of()), full));
            }
        }
        String name = year + "年度" + (t == null ? "泾源县" : t.name()) + "避险搬迁台账";
        if ("xlsx".equalsIgnoreCase(format)) {
            return new Export(LedgerWriter.xlsx(year + "年度台账", lines),
                    Downloads.XLSX, name + ".xlsx");
        }
        if (format == null || format.isBlank() || "csv".equalsIgnoreCase(format)) {
            return new Export(LedgerWriter.csv(lines), "text/csv;charset=UTF-8", name + ".csv");
        }
        throw ApiException.badRequest("format 只能是 xlsx 或 csv (format must be xlsx or csv)");
    }

    private List<String[]> ledgerLines(HouseholdRow h, List<MemberRow> ms, boolean full) {
        String headId = ms.stream().filter(m -> LedgerColumn.HEAD_RELATION.equals(m.relation)).findFirst()
                .map(m -> full ? store.decrypt(m.idCipher) : m.idMasked).orElse("");
        List<String[]> out = new ArrayList<>(ms.size());
        for (MemberRow m : ms) {
            boolean head = LedgerColumn.HEAD_RELATION.equals(m.relation);
            String[] r = new String[LedgerColumn.values().length];
            r[LedgerColumn.PLAN_YEAR.ordinal()] = String.valueOf(h.planYear);
            r[LedgerColumn.TOWNSHIP.ordinal()] = h.townshipName;
            r[LedgerColumn.VILLAGE.ordinal()] = h.villageName;
            r[LedgerColumn.GROUP.ordinal()] = h.villageGroup;
            r[LedgerColumn.HAZARD_SITE.ordinal()] = h.hazardSiteCode;
            r[LedgerColumn.CATEGORY.ordinal()] = CaseCategory.valueOf(h.category).label();
            r[LedgerColumn.RISK_LEVEL.ordinal()] = RiskLevel.valueOf(h.riskLevel).label();
            r[LedgerColumn.HEAD_ID.ordinal()] = headId;
            r[LedgerColumn.NAME.ordinal()] = m.name;
            r[LedgerColumn.ID_NUMBER.ordinal()] = full ? store.decrypt(m.idCipher) : m.idMasked;
            r[LedgerColumn.RELATION.ordinal()] = m.relation;
            if (head) {
                r[LedgerColumn.PHONE.ordinal()] = h.phoneCipher == null ? null : full ? store.decrypt(h.phoneCipher) : h.phoneMasked;
                r[LedgerColumn.DECLARED_SIZE.ordinal()] = String.valueOf(h.people);
                r[LedgerColumn.MODE.ordinal()] = h.resettlementMode == null ? null : ResettlementMode.valueOf(h.resettlementMode).label();
                r[LedgerColumn.REMARKS.ordinal()] = h.remarks;
            }
            out.add(r);
        }
        return out;
    }

    static ApiException invalid(List<FieldError> errors) {
        List<FieldError> sorted = new ArrayList<>(errors);
        sorted.sort((a, b) -> Integer.compare(a.row() == null ? 0 : a.row(), b.row() == null ? 0 : b.row()));
        Set<Integer> rows = new HashSet<>();
        sorted.forEach(e -> rows.add(e.row()));
        String detail = "台账有" + errors.size() + "处错误,涉及" + rows.size() + "行,未导入任何数据 (" + errors.size()
                + " errors; nothing was imported)";
        if (sorted.size() > MAX_ERRORS) {
            detail += ";仅列出前" + MAX_ERRORS + "处 (first " + MAX_ERRORS + " listed)";
            sorted = sorted.subList(0, MAX_ERRORS);
        }
        return ApiException.invalid(detail, sorted);
    }
}
