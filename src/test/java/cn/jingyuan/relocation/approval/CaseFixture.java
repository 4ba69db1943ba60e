package cn.jingyuan.relocation.approval;

import static cn.jingyuan.relocation.relocationcase.process.RelocationCaseProcess.*;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.context.ApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import cn.jingyuan.relocation.household.HouseholdRef;
import cn.jingyuan.relocation.household.HouseholdService;
import cn.jingyuan.relocation.household.LedgerService;
import cn.jingyuan.relocation.relocationcase.CaseAssessment;
import cn.jingyuan.relocation.relocationcase.RelocationCaseService;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.support.Ledger;

/**
 * Households of a test's own plan year with their cases already at a given step, the way the demo story places its
 * cases: the ledger is imported and each case opened at the step's activity in one transaction (so the case opener
 * finds them open already). Cases waiting for the leaders' batch decision are assessed first, as the county review
 * would have done, so their subsidy comes from {@code bpmn/subsidy-amount.dmn}.
 */
public final class CaseFixture {

    private final LedgerService ledgers;
    private final HouseholdService households;
    private final RelocationCaseService cases;
    private final CaseAssessment assessment;
    private final TransactionTemplate tx;

    private CaseFixture(ApplicationContext context) {
        this.ledgers = context.getBean(LedgerService.class);
        this.households = context.getBean(HouseholdService.class);
        this.cases = context.getBean(RelocationCaseService.class);
        this.assessment = context.getBean(CaseAssessment.class);
        this.tx = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
    }

    public static CaseFixture in(ApplicationContext context) {
        return new CaseFixture(context);
    }

    /**
     * Appends {@code count} households of {@code size} people to the ledger, with {@code mode} (a ledger label such as
     * 补助安置, or "" for none yet) on each head's row.
     */
    public static Ledger add(Ledger ledger, int count, int year, String township, String village, int size, String mode) {
        for (int i = 0; i < count; i++) {
            ledger.household(year, township, village, size);
            ledger.set(ledger.size() - size + 1, "安置方式", mode);
        }
        return ledger;
    }

    /**
     * The ledger's households, each case assessed (subsidy and priority from the DMN tables) and waiting for the leaders'
     * batch decision (待领导审批), in case-number order.
     */
    public List<HouseholdRef> waitingForBatch(Ledger ledger) {
        return open(ledger, RECEIVE_TASK_AWAIT_BATCH_DECISION, true);
    }

    /** The ledger's households, each case opened at {@code activityId} of the case process, in case-number order. */
    public List<HouseholdRef> openAt(Ledger ledger, String activityId) {
        return open(ledger, activityId, false);
    }

    private List<HouseholdRef> open(Ledger ledger, String activityId, boolean assessed) {
        Set<Integer> years = new java.util.HashSet<>();
        for (int row = 1; row <= ledger.size(); row++) {
            years.add(Integer.parseInt(ledger.get(row, "计划年度")));
        }
        List<Long> ids = tx.execute(s -> {
            ledgers.importLedger(ledger.csv(), CurrentUser.system());
            List<Long> opened = new ArrayList<>();
            for (long id : households.findWithoutCase(1_000_000)) {
                HouseholdRef h = households.findRef(id).orElseThrow();
                if (!years.contains(h.planYear())) {
                    continue;
                }
                Map<String, Object> vars = new HashMap<>();
                if (assessed) {
                    CaseAssessment.Result r = assessment.assess(h);
                    vars.put(VAR_ELIGIBLE, r.eligible());
                    vars.put(VAR_PRIORITY, (long) r.priority());
                    vars.put(VAR_SUBSIDY_AMOUNT, r.subsidy().doubleValue());
                }
                cases.openAt(households.findRef(id).orElseThrow(), activityId, vars);
                opened.add(id);
            }
            return opened;
        });
        return ids.stream().map(id -> households.findRef(id).orElseThrow()).sorted(Comparator.comparing(HouseholdRef::caseNo)).toList();
    }

    public HouseholdRef reload(HouseholdRef h) {
        return households.findRef(h.id()).orElseThrow();
    }

    public static List<String> caseNos(List<HouseholdRef> refs) {
        return refs.stream().map(HouseholdRef::caseNo).collect(Collectors.toList());
    }
}
