package cn.jingyuan.relocation.bench;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import cn.jingyuan.relocation.household.HouseholdService;
import cn.jingyuan.relocation.household.Milestone;
import cn.jingyuan.relocation.household.ResettlementMode;
import cn.jingyuan.relocation.household.Stage;

/**
 * Workload 7 is timed on a county whose cases are spread over every stage, not all at the first: the cases the drive
 * leaves alone (all but the first {@code bench.drive}) each get a stage in turn, with the resettlement mode and the
 * milestone dates a case at that stage has, through the household service (as the stage listener and delegates
 * write them). Their processes stay where they are; the statistics read the household rows only.
 */
final class StageSpread {

    private StageSpread() {
    }

    static int spread(BenchApp app, int year, int skip) {
        List<Long> ids = app.jdbc.queryForList("SELECT id FROM household WHERE origin_year = ? ORDER BY id", Long.class, year);
        HouseholdService households = app.context.getBean(HouseholdService.class);
        TransactionTemplate tx = new TransactionTemplate(app.context.getBean(PlatformTransactionManager.class));
        Stage[] stages = Stage.values();
        ResettlementMode[] modes = ResettlementMode.values();
        LocalDate day = LocalDate.of(year, 1, 1);
        int spread = 0;
        for (int from = skip; from < ids.size(); from += 500) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            int offset = from - skip;
            spread += tx.execute(status -> {
                int n = 0;
                for (int i = 0; i < chunk.size(); i++) {
                    long id = chunk.get(i);
                    Stage stage = stages[(offset + i) % stages.length];
                    if (stage.ordinal() >= Stage.AGREEMENT.ordinal() && stage.ordinal() <= Stage.ARCHIVED.ordinal()) {
                        households.recordAgreement(id, modes[(offset + i) % modes.length], BigDecimal.valueOf(60000), day);
                    }
                    milestone(households, id, stage, Stage.RESETTLEMENT, Milestone.MOVED_IN, day.plusDays((offset + i) % 360));
                    milestone(households, id, stage, Stage.MOVE_IN, Milestone.DEMOLISHED, day.plusDays(200));
                    milestone(households, id, stage, Stage.RECLAMATION, Milestone.ACCEPTED, day.plusDays(300));
                    milestone(households, id, stage, Stage.PAYMENT, Milestone.ARCHIVED, day.plusDays(330));
                    if (stage != Stage.IDENTIFIED) {
                        households.enterStage(id, stage);
                        n++;
                    }
                }
                return n;
            });
        }
        return spread;
    }

    /** The milestone of the stage after {@code before}, for cases past it (up to ARCHIVED). */
    private static void milestone(HouseholdService households, long id, Stage stage, Stage before, Milestone milestone, LocalDate date) {
        if (stage.ordinal() > before.ordinal() && stage.ordinal() <= Stage.ARCHIVED.ordinal()) {
            households.recordMilestone(id, milestone, date);
        }
    }
}
