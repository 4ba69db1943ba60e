package cn.jingyuan.relocation.demo;

import static cn.jingyuan.relocation.relocationcase.process.RelocationCaseProcess.*;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.household.HouseholdRef;
import cn.jingyuan.relocation.household.HouseholdService;
import cn.jingyuan.relocation.household.Milestone;
import cn.jingyuan.relocation.household.ResettlementMode;
import cn.jingyuan.relocation.household.Stage;
import cn.jingyuan.relocation.relocationcase.CaseAssessment;
import cn.jingyuan.relocation.relocationcase.CaseEventType;
import cn.jingyuan.relocation.relocationcase.CaseHistory;
import cn.jingyuan.relocation.relocationcase.RelocationCaseService;
import cn.jingyuan.relocation.relocationcase.internal.CaseEventRow;
import cn.jingyuan.relocation.shared.TimeConfig;

/**
 * Puts each demo case where the county's story has it: the case is opened at the activity of its stage, and the
 * steps it has behind it are written into its history with plausible people and dates, with the milestones and
 * payments they produced. Nothing here runs outside the demo.
 */
@Component
class DemoStory {

    /** The steps of a case in order: task id, name, the stage it belongs to, who does it, the decision. */
    private record Step(String taskKey, String name, Stage stage, String role, String decision) {
    }

    private static final List<Step> STEPS = List.of(
            new Step(TASK_VERIFY_HOUSEHOLD, "核实认定", Stage.IDENTIFIED, "tf", APPROVE),
            new Step(TASK_RECORD_APPLICATION, "自愿申请", Stage.APPLICATION, "tf", APPLY),
            new Step(TASK_VILLAGE_MEETING, "村级评议并张榜公示", Stage.PUBLIC_NOTICE, "tf", null),
            new Step(TASK_TOWNSHIP_REVIEW, "乡镇审核", Stage.TOWNSHIP_REVIEW, "lead", APPROVE),
            new Step(TASK_COUNTY_REVIEW, "县级审定", Stage.COUNTY_REVIEW, "officer", APPROVE),
            new Step(null, "领导批次审批", Stage.AWAITING_BATCH_APPROVAL, "deputy", APPROVE),
            new Step(TASK_SIGN_AGREEMENT, "签订搬迁协议", Stage.AGREEMENT, "tf", null),
            new Step("RESETTLEMENT", "建房购房", Stage.RESETTLEMENT, "tf", null),
            new Step(TASK_MOVE_IN, "搬迁入住", Stage.MOVE_IN, "tf", null),
            new Step(TASK_DEMOLISH_OLD_HOUSE, "拆除旧房", Stage.DEMOLITION, "tf", null),
            new Step(TASK_RECLAIM_HOMESTEAD, "宅基地复垦", Stage.RECLAMATION, "tf", "RECLAIMED"),
            new Step(TASK_TOWNSHIP_INSPECTION, "乡镇初验", Stage.ACCEPTANCE, "lead", APPROVE),
            new Step(TASK_COUNTY_INSPECTION, "县级复验", Stage.ACCEPTANCE, "officer", APPROVE),
            new Step(TASK_PAY_ACCEPTANCE_TRANCHE, "拨付剩余补助", Stage.PAYMENT, "finance", null));

    private static final Map<Stage, String> ACTIVITY = Map.ofEntries(
            Map.entry(Stage.IDENTIFIED, TASK_VERIFY_HOUSEHOLD),
            Map.entry(Stage.APPLICATION, TASK_RECORD_APPLICATION),
            Map.entry(Stage.PUBLIC_NOTICE, TASK_VILLAGE_MEETING),
            Map.entry(Stage.TOWNSHIP_REVIEW, TASK_TOWNSHIP_REVIEW),
            Map.entry(Stage.COUNTY_REVIEW, TASK_COUNTY_REVIEW),
            Map.entry(Stage.AWAITING_BATCH_APPROVAL, RECEIVE_TASK_AWAIT_BATCH_DECISION),
            Map.entry(Stage.AGREEMENT, TASK_SIGN_AGREEMENT),
            Map.entry(Stage.RESETTLEMENT, "Gateway_ResettlementMode"),
            Map.entry(Stage.MOVE_IN, TASK_MOVE_IN),
            Map.entry(Stage.DEMOLITION, TASK_DEMOLISH_OLD_HOUSE),
            Map.entry(Stage.RECLAMATION, TASK_RECLAIM_HOMESTEAD),
            Map.entry(Stage.ACCEPTANCE, TASK_TOWNSHIP_INSPECTION),
            Map.entry(Stage.PAYMENT, TASK_PAY_ACCEPTANCE_TRANCHE + "#multiInstanceBody"),
            Map.entry(Stage.ARCHIVED, END_EVENT_ARCHIVED),
            Map.entry(Stage.DECLINED, EVENT_AWAIT_REOPEN),
            Map.entry(Stage.REJECTED, END_EVENT_REJECTED),
            Map.entry(Stage.WITHDRAWN, END_EVENT_WITHDRAWN));

    private final HouseholdService households;
    private final RelocationCaseService cases;
    private final CaseAssessment assessment;
    private final CaseHistory history;
    /** Assessments by their input, while the demo is loaded (the tables do not change meanwhile). */
    private final Map<String, CaseAssessment.Result> assessed = new java.util.concurrent.ConcurrentHashMap<>();

    DemoStory(HouseholdService households, RelocationCaseService cases, CaseAssessment assessment, CaseHistory history) {
        this.households = households;
        this.cases = cases;
        this.assessment = assessment;
        this.history = history;
    }

    /**
     * Opens {@code h}'s case at {@code stage}, its past written from {@code start} on, one step every {@code pace}
     * days; {@code moveIn} fixes the move-in date when the case is past it.
     */
    void place(HouseholdRef h, Stage stage, LocalDate start, int pace, LocalDate moveIn, String documentNo) {
        Stage reached = stage.isClosed() && stage != Stage.ARCHIVED ? endedAt(stage) : stage;
        List<CaseEventRow> rows = new ArrayList<>();
        String tf = h.township().slug() + (h.id() % 2 == 0 ? ".tf1" : ".tf2");
        String lead = h.township().slug() + ".lead";
        LocalDate day = start;
        rows.add(history.row(h.id(), h.caseNo(), CaseEventType.CASE_OPENED, Stage.IDENTIFIED, null, null, null, "system", null,
                h.originYear() + "年度" + h.township().name() + h.villageName() + "立案", null, at(day, 9)));
        ResettlementMode mode = h.resettlementMode() != null ? h.resettlementMode() : ResettlementMode.SUBSIDY;
        Map<String, Object> vars = new HashMap<>();
        CaseAssessment.Result assessed = reached.ordinal() >= Stage.COUNTY_REVIEW.ordinal() ? assess(h) : null;
        BigDecimal paid = BigDecimal.ZERO;
        LocalDate movedIn = null;
        for (Step s : STEPS) {
            if (s.stage().ordinal() >= reached.ordinal()) {
                break;
            }
            day = s.stage() == Stage.MOVE_IN && moveIn != null ? moveIn : day.plusDays(pace);
            String actor = switch (s.role()) {
                case "tf" -> tf;
                case "lead" -> lead;
                default -> s.role();
            };
            Map<String, Object> details = new LinkedHashMap<>();
            String comment = "演示数据:按县局工作台账补录";
            switch (s.stage()) {
                case COUNTY_REVIEW -> {
                    details.put("priority", assessed.priority());
                    details.put("subsidyAmount", assessed.subsidy());
                }
                case AGREEMENT -> {
                    households.recordAgreement(h.id(), mode, assessed.subsidy(), day);
                    details.put("agreementDate", day.toString());
                    details.put("resettlementMode", mode.name());
                    details.put("confirmedSubsidy", assessed.subsidy());
                    BigDecimal first = assessed.subsidy().divide(BigDecimal.valueOf(2), 2, RoundingMode.HALF_UP);
                    cases.recordPayment(h.id(), 1, "AGREEMENT", first, day.plusDays(12), "JY-CZ-" + h.caseNo().substring(7), "finance", at(day.plusDays(12), 15));
                    paid = first;
                }
                case MOVE_IN -> {
                    movedIn = day;
                    households.recordMilestone(h.id(), Milestone.MOVED_IN, day);
                    details.put("moveInDate", day.toString());
                }
                case DEMOLITION -> {
                    households.recordMilestone(h.id(), Milestone.DEMOLISHED, day);
                    details.put("demolitionDate", day.toString());
                }
                case RECLAMATION -> households.recordMilestone(h.id(), Milestone.RECLAIMED, day);
                case ACCEPTANCE -> {
                    if (TASK_COUNTY_INSPECTION.equals(s.taskKey())) {
                        households.recordMilestone(h.id(), Milestone.ACCEPTED, day);
                    }
                }
                case PAYMENT -> cases.recordPayment(h.id(), 2, "ACCEPTANCE", assessed.subsidy().subtract(paid), day,
                        "JY-CZ-" + h.caseNo().substring(7) + "-2", "finance", at(day, 15));
                default -> {
                }
            }
            if (s.taskKey() == null) {
                details.put("documentNo", documentNo);
                rows.add(history.row(h.id(), h.caseNo(), CaseEventType.BATCH_DECISION, s.stage(), null, null, null, actor, APPROVE,
                        "列入批次获批(" + documentNo + ")", details, at(day, 16)));
            } else {
                rows.add(history.row(h.id(), h.caseNo(), CaseEventType.TASK_COMPLETED, s.stage(), null, s.taskKey(), s.name(), actor,
                        s.decision(), comment, details, at(day, 10 + (int) (h.id() % 7))));
            }
        }
        if (assessed != null) {
            vars.put(VAR_ELIGIBLE, assessed.eligible());
            vars.put(VAR_PRIORITY, (long) assessed.priority());
            vars.put(VAR_SUBSIDY_AMOUNT, assessed.subsidy().doubleValue());
        }
        if (reached.ordinal() > Stage.AGREEMENT.ordinal()) {
            vars.put(VAR_RESETTLEMENT_MODE, mode.name());
            vars.put(VAR_CONFIRMED_SUBSIDY, assessed.subsidy().doubleValue());
        }
        if (stage == Stage.ARCHIVED) {
            households.recordMilestone(h.id(), Milestone.ARCHIVED, day.plusDays(pace));
        }
        if (stage.isClosed() && stage != Stage.ARCHIVED) {
            rows.add(closing(h, stage, day.plusDays(pace), tf, lead));
        }
        history.recordAll(rows);
        String pid = cases.openAt(households.findRef(h.id()).orElseThrow(), ACTIVITY.get(stage), vars);
        if (stage == Stage.DEMOLITION && movedIn != null) {
            // the deadline runs from the real move-in: for long-ago move-ins it has passed and the reminder follows
            cases.rescheduleTimer(pid, BOUNDARY_DEMOLITION_OVERDUE, Date.from(movedIn.plusDays(90).atStartOfDay(TimeConfig.COUNTY_ZONE).toInstant()));
        }
    }

    /**
     * The county assessment, recorded on the household; the tables are evaluated once per distinct input (category,
     * risk level, mode, size): a few dozen evaluations for the demo's 375 households instead of one pair each, which
     * was most of the demo's start-up time (the FEEL evaluation of the two tables, measured with JFR).
     */
    private CaseAssessment.Result assess(HouseholdRef h) {
        String key = h.category() + "|" + h.riskLevel() + "|" + h.resettlementMode() + "|" + h.people();
        CaseAssessment.Result r = assessed.computeIfAbsent(key, k -> assessment.evaluate(h));
        assessment.record(h, r);
        return r;
    }

    /** The stage a case ending early had reached. */
    private static Stage endedAt(Stage end) {
        return switch (end) {
            case DECLINED -> Stage.APPLICATION;
            case REJECTED -> Stage.TOWNSHIP_REVIEW;
            default -> Stage.AGREEMENT;
        };
    }

    private CaseEventRow closing(HouseholdRef h, Stage stage, LocalDate day, String tf, String lead) {
        return switch (stage) {
            case DECLINED -> history.row(h.id(), h.caseNo(), CaseEventType.TASK_COMPLETED, Stage.APPLICATION, null, TASK_RECORD_APPLICATION,
                    "自愿申请", tf, REFUSE, "户主经多次动员仍不愿搬迁,已签署自负其责书面申明", Map.of("statementRef", "SM-" + h.caseNo().substring(7)), at(day, 11));
            case REJECTED -> history.row(h.id(), h.caseNo(), CaseEventType.TASK_COMPLETED, Stage.TOWNSHIP_REVIEW, null, TASK_TOWNSHIP_REVIEW,
                    "乡镇审核", lead, REJECT, "入户核查:该户已在县城购房定居,不符合搬迁条件", Map.of(), at(day, 15));
            default -> history.row(h.id(), h.caseNo(), CaseEventType.WITHDRAWN, Stage.AGREEMENT, null, null, null, "officer", null,
                    "户主举家外迁落户外省,撤销搬迁案件", null, at(day, 10));
        };
    }

    private static LocalDateTime at(LocalDate day, int hour) {
        return LocalDateTime.of(day, LocalTime.of(hour, 30));
    }
}
