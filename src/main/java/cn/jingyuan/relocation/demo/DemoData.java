package cn.jingyuan.relocation.demo;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.LinkedHashMap;
import java.util.Map;

import cn.jingyuan.relocation.annualplan.PlanRequest;
import cn.jingyuan.relocation.annualplan.PlanService;
import cn.jingyuan.relocation.approval.BatchRequest;
import cn.jingyuan.relocation.household.HouseholdSummary;
import cn.jingyuan.relocation.approval.BatchService;
import cn.jingyuan.relocation.household.HazardSite;
import cn.jingyuan.relocation.household.HouseholdRef;
import cn.jingyuan.relocation.household.Stage;
import cn.jingyuan.relocation.security.AccountDirectory;
import cn.jingyuan.relocation.household.HazardType;
import cn.jingyuan.relocation.household.HouseholdQuery;
import cn.jingyuan.relocation.household.HouseholdService;
import cn.jingyuan.relocation.household.ImportResult;
import cn.jingyuan.relocation.household.LedgerService;
import cn.jingyuan.relocation.household.RiskLevel;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.security.DemoAccounts;
import cn.jingyuan.relocation.shared.DemoMode;
import cn.jingyuan.relocation.shared.PageRequest;

/**
 * The demo story of the embedded default, loaded once into an empty database: 2024, the 86 households and 312
 * people of 泾河源镇高峰村 threatened by a landslide (55 补助安置, 31 统规统建), and 2025's 289 households and 1,215
 * people across the county. Households arrive the way real ones do, as ledgers through the import.
 */
@Component
@Order(20)
@Conditional(DemoMode.OnDemo.class)
class DemoData implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);
    static final String GAOFENG_LANDSLIDE = "640424010012";

    /** 2025 households outside 高峰村: township, village, households, hazard code. */
    private static final Object[][] VILLAGES_2025 = {
            {"泾河源镇", "冶家村", 20, "640424010021"},
            {"黄花乡", "向阳村", 40, "640424020007"},
            {"黄花乡", "胜利村", 15, "640424020011"},
            {"黄花乡", "米岗村", 10, null},
            {"香水镇", "沙塘村", 25, "640424030003"},
            {"香水镇", "下寺村", 15, null},
            {"六盘山镇", "和尚铺村", 20, "640424040005"},
            {"新民乡", "杨堡村", 15, null},
            {"兴盛乡", "红旗村", 15, "640424050002"},
            {"大湾乡", "杨岭村", 30, "640424060009"},
            {"大湾乡", "苏堡村", 25, null},
    };

    /** The 2025 cases by stage, most advanced first (高峰村's second half leads), 289 in all. */
    private static final Object[][] STAGES_2025 = {
            {Stage.ARCHIVED, 15}, {Stage.PAYMENT, 10}, {Stage.ACCEPTANCE, 15}, {Stage.RECLAMATION, 20}, {Stage.DEMOLITION, 30},
            {Stage.MOVE_IN, 25}, {Stage.RESETTLEMENT, 40}, {Stage.AGREEMENT, 25}, {Stage.AWAITING_BATCH_APPROVAL, 20},
            {Stage.COUNTY_REVIEW, 15}, {Stage.TOWNSHIP_REVIEW, 15}, {Stage.PUBLIC_NOTICE, 15}, {Stage.APPLICATION, 15},
            {Stage.IDENTIFIED, 20}, {Stage.DECLINED, 3}, {Stage.REJECTED, 3}, {Stage.WITHDRAWN, 3}};

    private final HouseholdService households;
    private final LedgerService ledgers;
    private final DemoStory story;
    private final BatchService batches;
    private final AccountDirectory accounts;
    private final PlanService planService;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final DemoAccounts demoAccounts;
    private final org.camunda.bpm.engine.impl.interceptor.CommandExecutor commands;

    DemoData(HouseholdService households, LedgerService ledgers, DemoStory story, BatchService batches, AccountDirectory accounts,
             PlanService planService, PlatformTransactionManager transactions, Clock clock, DemoAccounts demoAccounts,
             org.camunda.bpm.engine.ProcessEngine engine) {
        this.commands = ((org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
                .getCommandExecutorTxRequired();
        this.demoAccounts = demoAccounts;
        this.planService = planService;
        this.households = households;
        this.ledgers = ledgers;
        this.story = story;
        this.batches = batches;
        this.accounts = accounts;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        CurrentUser system = CurrentUser.system();
        if (households.list(new HouseholdQuery(2024, null, null, null, PageRequest.of(0, 1)), system).total() > 0) {
            return;
        }
        long t0 = System.currentTimeMillis();
        DemoPeople people = new DemoPeople(20240521L, LocalDate.now(clock));
        // one transaction: the cases are opened at their stages before the case opener would open them afresh
        long[] at = new long[6];
        ImportResult[] years = tx.execute(status -> {
            hazardSites();
            ImportResult y2024 = ledgers.importLedger(ledger2024(people).csv(), system);
            at[0] = System.currentTimeMillis();
            inOneCommand(this::place2024);
            at[1] = System.currentTimeMillis();
            ImportResult y2025 = ledgers.importLedger(ledger2025(people).csv(), system);
            at[2] = System.currentTimeMillis();
            inOneCommand(this::place2025);
            at[3] = System.currentTimeMillis();
            // the notices of the placed cases' steps go to the groups' members at the commit: their accounts must exist
            demoAccounts.await();
            return new ImportResult[] {y2024, y2025};
        });
        at[4] = System.currentTimeMillis();
        openBatch();
        plans(system);
        long end = System.currentTimeMillis();
        log.info("demo data: 2024 {} households / {} people, 2025 {} households / {} people, in {} ms "
                        + "(imports {} ms, cases placed {} ms, commit {} ms, batch and plans {} ms)", years[0].households(), years[0].people(),
                years[1].households(), years[1].people(), end - t0, (at[0] - t0) + (at[2] - at[1]), (at[1] - at[0]) + (at[3] - at[2]),
                at[4] - at[3], end - at[4]);
    }

    /**
     * The year's cases are placed in one engine command: the engine writes their rows in one flush, in JDBC batches per
     * table, instead of one command, flush and set of statements per case.
     */
    private void inOneCommand(Runnable placing) {
        commands.execute(context -> {
            placing.run();
            return null;
        });
    }

    /**
     * 2024: everyone moved in during the year (October to December); by May 2025 about 64% of the old houses were
     * demolished: 31 cases still at demolition, the demolished ones at reclamation or acceptance.
     */
    private void place2024() {
        List<HouseholdRef> all = households.findRefs(2024, Stage.IDENTIFIED);
        for (int i = 0; i < all.size(); i++) {
            Stage stage = i < 31 ? Stage.DEMOLITION : i < 61 ? Stage.RECLAMATION : Stage.ACCEPTANCE;
            story.place(all.get(i), stage, LocalDate.of(2024, 3, 4).plusDays(i % 20), 14, LocalDate.of(2024, 10, 8).plusDays(i % 80),
                    "泾政发〔2024〕31号");
        }
    }

    /** 2025: cases at every stage, from just identified to archived, a few declined, rejected or withdrawn. */
    private void place2025() {
        List<HouseholdRef> all = households.findRefs(2025, Stage.IDENTIFIED);
        int k = 0;
        for (Object[] s : STAGES_2025) {
            for (int n = 0; n < (Integer) s[1]; n++, k++) {
                story.place(all.get(k), (Stage) s[0], LocalDate.of(2025, 3, 1).plusDays(k % 90), 20, null, "泾政发〔2025〕12号");
            }
        }
    }

    /**
     * The county's plans: 2024's target was 高峰村's 86 households and 312 people; 2025's is 289 households and
     * 1,215 people, per township as registered. Both drafted by the officer and approved by the deputy county head.
     */
    private void plans(CurrentUser system) {
        CurrentUser officer = accounts.load("officer").orElseThrow();
        planService.create(new PlanRequest(2024, List.of(new PlanRequest.TargetRequest("泾河源镇", 86, 312)),
                "高峰村整村搬迁第一批:86户312人"), officer);
        planService.approve(2024, "deputy", "同意。按期完成高峰村第一批搬迁。");
        Map<String, int[]> byTownship = new LinkedHashMap<>();
        for (HouseholdSummary h : households.list(new HouseholdQuery(2025, null, null, null, PageRequest.of(0, 500)), system).items()) {
            int[] c = byTownship.computeIfAbsent(h.townshipName(), k -> new int[2]);
            c[0]++;
            c[1] += h.people();
        }
        planService.create(new PlanRequest(2025, byTownship.entrySet().stream()
                .map(e -> new PlanRequest.TargetRequest(e.getKey(), e.getValue()[0], e.getValue()[1])).toList(),
                "2025年度计划搬迁289户1215人"), officer);
        planService.approve(2025, "deputy", "同意。");
    }

    /** Ten of the cases waiting for approval form the officer's third batch of 2025, before the deputy county head now. */
    private void openBatch() {
        List<String> waiting = households.findRefs(2025, Stage.AWAITING_BATCH_APPROVAL).stream().limit(10).map(HouseholdRef::caseNo).toList();
        CurrentUser officer = accounts.load("officer").orElseThrow();
        batches.create(new BatchRequest(2025, "2025年第三批地质灾害避险搬迁对象", waiting), officer);
    }

    private void hazardSites() {
        households.addHazardSite(new HazardSite(GAOFENG_LANDSLIDE, "泾河源镇高峰村滑坡", HazardType.LANDSLIDE, RiskLevel.HIGH, "640424101",
                "高峰村", new BigDecimal("35.402100"), new BigDecimal("106.312400"), 145, 521));
        for (Object[] v : VILLAGES_2025) {
            if (v[3] != null) {
                HazardType type = HazardType.values()[Math.abs(v[1].hashCode()) % 3];
                households.addHazardSite(new HazardSite((String) v[3], v[0] + "" + v[1] + type.label(), type, RiskLevel.HIGH,
                        (String) v[0], (String) v[1], null, null, (Integer) v[2], (Integer) v[2] * 4));
            }
        }
    }

    /** 高峰村 2024: 86 households, 312 people; the first 55 took 补助安置, the other 31 统规统建. */
    private static DemoLedger ledger2024(DemoPeople people) {
        DemoLedger ledger = new DemoLedger();
        int[] sizes = people.sizes(86, 312);
        for (int i = 0; i < sizes.length; i++) {
            List<DemoPeople.Person> members = people.household(sizes[i]);
            ledger.add(2024, "泾河源镇", "高峰村", (1 + i % 6) + "组", GAOFENG_LANDSLIDE, "隐患点威胁", i % 9 == 0 ? "极高" : "高",
                    people.mobile(), i < 55 ? "补助安置" : "统规统建", null, members);
        }
        return ledger;
    }

    /** 2025: the rest of 高峰村 (59 households) and 230 households elsewhere; 289 households, 1,215 people. */
    private static DemoLedger ledger2025(DemoPeople people) {
        DemoLedger ledger = new DemoLedger();
        int[] sizes = people.sizes(289, 1215);
        int k = 0;
        for (int i = 0; i < 59; i++, k++) {
            ledger.add(2025, "泾河源镇", "高峰村", (1 + i % 6) + "组", GAOFENG_LANDSLIDE, "整村搬迁", "高", people.mobile(),
                    i % 3 == 0 ? "统规统建" : "补助安置", "高峰村整村搬迁第二批", people.household(sizes[k]));
        }
        String[] risks = {"极高", "高", "高", "中", "中", "低"};
        String[] modes = {"补助安置", "补助安置", "统规统建", "自建", "投亲靠友", ""};
        for (Object[] v : VILLAGES_2025) {
            int n = (Integer) v[2];
            for (int i = 0; i < n; i++, k++) {
                String category = v[3] == null ? "风险区管控" : "隐患点威胁";
                ledger.add(2025, (String) v[0], (String) v[1], (1 + people.nextInt(7)) + "组", (String) v[3], category,
                        risks[people.nextInt(risks.length)], people.nextInt(8) == 0 ? people.landline() : people.mobile(),
                        blank(modes[people.nextInt(modes.length)]), null, people.household(sizes[k]));
            }
        }
        return ledger;
    }

    private static String blank(String s) {
        return s.isEmpty() ? null : s;
    }
}
