package cn.jingyuan.relocation.relocationcase.process;

import java.time.Clock;
import java.time.LocalDate;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.household.HouseholdRef;
import cn.jingyuan.relocation.household.HouseholdService;
import cn.jingyuan.relocation.household.Milestone;
import cn.jingyuan.relocation.relocationcase.CaseEventType;
import cn.jingyuan.relocation.relocationcase.CaseHistory;

/** 一户一档归档: the case file is complete; the archive date is recorded (the end event then closes the case). */
@Component
public class ArchiveCaseDelegate implements JavaDelegate {

    private final HouseholdService households;
    private final CaseHistory history;
    private final Clock clock;

    ArchiveCaseDelegate(HouseholdService households, CaseHistory history, Clock clock) {
        this.households = households;
        this.history = history;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        HouseholdRef h = CaseStage.household(households, execution);
        households.recordMilestone(h.id(), Milestone.ARCHIVED, LocalDate.now(clock));
        history.record(h, CaseEventType.ARCHIVED, null, "一户一档归档办结", null);
    }
}
