package cn.jingyuan.relocation.relocationcase.process;

import static cn.jingyuan.relocation.relocationcase.process.RelocationCaseProcess.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.jobexecutor.JobHandler;
import org.camunda.bpm.engine.impl.jobexecutor.JobHandlerConfiguration;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.persistence.entity.MessageEntity;
import org.camunda.bpm.engine.variable.Variables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.household.HouseholdService;

/**
 * Advances the cases of a decided batch, {@value #CASES_PER_JOB} per engine job, so the job executor acquires, locks
 * and logs a few dozen jobs for a batch of 1,000 instead of a thousand and one. A job's cases advance together in one
 * transaction (the engine flushes their rows in JDBC batches); if that fails, each case again in a transaction of
 * its own, and a case that fails then holds back none of the others: it is handed to Camunda's asynchronous message
 * correlation alone, where it is retried and then shows as an incident in Cockpit. A job run twice (its node died
 * after it committed) advances only the cases still waiting: the message finds no other.
 */
@Component
public class AdvanceCasesJob extends AbstractProcessEnginePlugin implements JobHandler<AdvanceCasesJob.Cases> {

    public static final String TYPE = "relocation-advance-cases";
    /** Cases per job: a job of 25 finishes in well under its 60 s lock even on a loaded machine. */
    static final int CASES_PER_JOB = 25;

    private static final Logger log = LoggerFactory.getLogger(AdvanceCasesJob.class);

    /** Looked up when a job runs: the engine's plugins are made before the services that use the engine. */
    private final ObjectProvider<HouseholdService> households;

    AdvanceCasesJob(ObjectProvider<HouseholdService> households) {
        this.households = households;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        if (configuration.getCustomJobHandlers() == null) {
            configuration.setCustomJobHandlers(new ArrayList<>());
        }
        configuration.getCustomJobHandlers().add(this);
    }

    /** Schedules the advance of these cases (in the caller's engine command): one job per {@value #CASES_PER_JOB}. */
    public static void schedule(CommandContext context, List<String> processInstanceIds, boolean included, long batchId) {
        for (int i = 0; i < processInstanceIds.size(); i += CASES_PER_JOB) {
            MessageEntity job = new MessageEntity();
            job.setJobHandlerType(TYPE);
            job.setJobHandlerConfiguration(new Cases(batchId, included,
                    processInstanceIds.subList(i, Math.min(processInstanceIds.size(), i + CASES_PER_JOB))));
            job.setRetries(context.getProcessEngineConfiguration().getDefaultNumberOfRetries());
            // not exclusive: the acquisition hands exclusive jobs of one process instance to one thread in a row, and
            // these have none (null), so every exclusive job of an acquisition ran on one thread while the others
            // idled (JFR of a 1,000-case batch). Their cases are disjoint; a clash with another job of a case is an
            // optimistic-locking failure, which the per-case retry below handles.
            job.setExclusive(false);
            context.getJobManager().send(job);
        }
    }

    @Override
    public String getType() {
        return TYPE;
    }

    @Override
    public void execute(Cases cases, ExecutionEntity execution, CommandContext context, String tenantId) {
        ProcessEngineConfigurationImpl engine = context.getProcessEngineConfiguration();
        RuntimeService runtime = engine.getRuntimeService();
        try {
            // the fast way: the job's cases in one transaction of their own, their rows flushed in JDBC batches together
            engine.getCommandExecutorTxRequiresNew().execute(c -> {
                // the cases' households and village cadres read in two statements, not two for each case
                households.getObject().preloadCases(cases.processInstanceIds);
                cases.processInstanceIds.forEach(pid -> advance(runtime, pid, cases));
                return null;
            });
            return;
        } catch (RuntimeException e) {
            log.warn("the {} cases of a job of batch {} did not advance together, now one by one: {}", cases.processInstanceIds.size(),
                    cases.batchId, e.toString());
        }
        // one of them failed, and with it the others: each again in a transaction of its own
        List<String> failed = new ArrayList<>();
        for (String pid : cases.processInstanceIds) {
            try {
                engine.getCommandExecutorTxRequiresNew().execute(c -> {
                    advance(runtime, pid, cases);
                    return null;
                });
            } catch (RuntimeException e) {
                log.warn("case {} of batch {} did not advance, retried on its own: {}", pid, cases.batchId, e.toString());
                failed.add(pid);
            }
        }
        if (!failed.isEmpty()) {
            runtime.createMessageCorrelationAsync(MESSAGE_BATCH_DECIDED).processInstanceIds(failed)
                    .setVariable(VAR_BATCH_INCLUDED, cases.included).setVariable(VAR_BATCH_ID, cases.batchId).correlateAllAsync();
        }
    }

    /**
     * The decision reaches the case as transient variables: the gateway right behind the wait reads
     * {@code batchIncluded} in the same command, nothing later reads either (the case history keeps the batch and the
     * decision), so no variable rows and no history rows are written for them.
     */
    private static void advance(RuntimeService runtime, String pid, Cases cases) {
        runtime.createMessageCorrelation(MESSAGE_BATCH_DECIDED).processInstanceId(pid)
                .setVariable(VAR_BATCH_INCLUDED, Variables.booleanValue(cases.included, true))
                .setVariable(VAR_BATCH_ID, Variables.longValue(cases.batchId, true)).correlateAll();
    }

    @Override
    public Cases newConfiguration(String canonical) {
        String[] parts = canonical.split("\\|", 3);
        return new Cases(Long.parseLong(parts[0]), Boolean.parseBoolean(parts[1]),
                parts[2].isEmpty() ? List.of() : Arrays.asList(parts[2].split(",")));
    }

    @Override
    public void onDelete(Cases configuration, JobEntity job) {
        // nothing kept beside the job
    }

    /** The job's configuration: {@code batchId|included|pid,pid,...}. */
    public record Cases(long batchId, boolean included, List<String> processInstanceIds) implements JobHandlerConfiguration {
        @Override
        public String toCanonicalString() {
            return batchId + "|" + included + "|" + String.join(",", processInstanceIds);
        }
    }
}
