package cn.jingyuan.relocation.approval;

import static cn.jingyuan.relocation.approval.process.BatchApprovalProcess.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.batch.Batch;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;

/**
 * What the job executor (disabled in test contexts) does after a batch's final decision, done by hand and only for
 * that batch, so that other tests' jobs and the demo's due timers in a shared context are left alone: the
 * {@code Task_ApplyDecision} job, then the case-advance jobs it created (a few dozen cases each), then the jobs of any
 * message-correlation batch a failed case was handed to.
 */
public final class BatchJobs {

    private BatchJobs() {
    }

    /** Runs the decided batch's jobs; returns how many cases the advance jobs handed the decision to. */
    public static int applyDecision(ProcessEngine engine, long batchId) {
        ManagementService m = engine.getManagementService();
        ProcessInstance pi = engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(businessKey(batchId))
                .singleResult();
        if (pi == null) {
            throw new AssertionError("batch " + batchId + " has no running approval process");
        }
        Job apply = m.createJobQuery().processInstanceId(pi.getId()).activityId(TASK_APPLY_DECISION).singleResult();
        if (apply == null) {
            throw new AssertionError("batch " + batchId + " has no Task_ApplyDecision job: not decided yet?");
        }
        Set<String> before = m.createBatchQuery().list().stream().map(Batch::getId).collect(Collectors.toSet());
        Set<String> jobsBefore = m.createJobQuery().list().stream().map(Job::getId).collect(Collectors.toSet());
        m.executeJob(apply.getId());
        return runAdvanceJobs(engine, jobsBefore, before);
    }

    /**
     * Runs the case-advance jobs ({@code AdvanceCasesJob}: messages without a job definition) created since
     * {@code jobsBefore}, then the jobs of any message-correlation batch created since {@code batchesBefore} (a case
     * that failed in its advance job is retried there); returns how many cases the advance jobs carried.
     */
    public static int runAdvanceJobs(ProcessEngine engine, Set<String> jobsBefore, Set<String> batchesBefore) {
        ManagementService m = engine.getManagementService();
        ProcessEngineConfigurationImpl config = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        int cases = 0;
        for (Job j : m.createJobQuery().messages().list()) {
            if (jobsBefore.contains(j.getId()) || j.getJobDefinitionId() != null) {
                continue;
            }
            JobEntity job = config.getCommandExecutorTxRequired().execute(c -> c.getJobManager().findJobById(j.getId()));
            if (job.isExclusive()) {
                // exclusive jobs without a process instance all go to one thread per acquisition: the batch would advance
                // on one of the job executor's threads
                throw new AssertionError("advance job " + j.getId() + " is exclusive");
            }
            String raw = job.getJobHandlerConfigurationRaw();
            cases += raw.substring(raw.lastIndexOf('|') + 1).split(",").length;
            m.executeJob(j.getId());
        }
        for (Batch b : m.createBatchQuery().type(Batch.TYPE_CORRELATE_MESSAGE).list()) {
            if (batchesBefore.contains(b.getId())) {
                continue;
            }
            for (int round = 0; ; round++) {
                if (round > 10_000) {
                    throw new AssertionError("the jobs of " + b.getId() + " do not come to an end");
                }
                List<Job> seeds = m.createJobQuery().jobDefinitionId(b.getSeedJobDefinitionId()).list();
                List<Job> work = new ArrayList<>(m.createJobQuery().jobDefinitionId(b.getBatchJobDefinitionId()).list());
                if (seeds.isEmpty() && work.isEmpty()) {
                    break;
                }
                for (Job j : work) {
                    m.executeJob(j.getId());
                }
                for (Job j : seeds) {
                    m.executeJob(j.getId());
                }
            }
            m.createJobQuery().jobDefinitionId(b.getMonitorJobDefinitionId()).list().forEach(j -> m.executeJob(j.getId()));
        }
        return cases;
    }
}
