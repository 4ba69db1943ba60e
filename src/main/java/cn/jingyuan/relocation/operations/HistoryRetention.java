package cn.jingyuan.relocation.operations;

import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.relocationcase.process.RelocationCaseProcess;

/**
 * A case's engine history is kept as long as its case file (一户一档) must be kept: {@code relocation.retention.case-years}
 * (default 30) after the case ends. On start-up every version of the case process gets that time to live, whatever
 * its BPMN says; if it changed, the removal times of ended cases are set again from it (a batch), so the engine's
 * history cleanup, which deletes only what is past its removal time, never deletes a case before its time.
 */
@Component
@Order(15)
class HistoryRetention implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(HistoryRetention.class);

    private final RepositoryService repository;
    private final HistoryService history;
    private final int years;
    private final Clock clock;

    HistoryRetention(RepositoryService repository, HistoryService history, @Value("${relocation.retention.case-years:30}") int years,
                     Clock clock) {
        this.repository = repository;
        this.history = history;
        this.years = years;
        this.clock = clock;
    }

    /** The time to live in days: {@code years} from today, leap days included. */
    int days() {
        LocalDate today = LocalDate.now(clock);
        return (int) ChronoUnit.DAYS.between(today, today.plusYears(years));
    }

    @Override
    public void run(ApplicationArguments args) {
        int days = days();
        int changed = 0;
        for (ProcessDefinition d : repository.createProcessDefinitionQuery().processDefinitionKey(RelocationCaseProcess.PROCESS_ID).list()) {
            Integer ttl = d.getHistoryTimeToLive();
            // a longer time to live than ours (a county keeping its files longer) is left as it is
            if (ttl == null || ttl < days) {
                repository.updateProcessDefinitionHistoryTimeToLive(d.getId(), days);
                changed++;
            }
        }
        if (changed > 0) {
            long ended = history.createHistoricProcessInstanceQuery().processDefinitionKey(RelocationCaseProcess.PROCESS_ID).finished().count();
            if (ended > 0) {
                history.setRemovalTimeToHistoricProcessInstances().calculatedRemovalTime()
                        .byQuery(history.createHistoricProcessInstanceQuery().processDefinitionKey(RelocationCaseProcess.PROCESS_ID).finished())
                        .hierarchical().executeAsync();
            }
            log.info("case history kept {} years ({} days): {} process definitions updated, removal time set again for {} ended cases",
                    years, days, changed, ended);
        }
    }
}
