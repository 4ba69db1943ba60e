package cn.jingyuan.relocation.approval;

import static cn.jingyuan.relocation.approval.process.BatchApprovalProcess.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.batch.Batch;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;

/**
 * What the job executor (disabled in test contexts) does after a batch's final decision, done by hand and only for
 * that batch, so that other tests' jobs and the demo's due timers in a shared context are left alone: the
 * {@code Task_ApplyDecision} job, then the seed and execution jobs of the message-correlation batches it created
 * (one execution job per case), until none are left, then their monitor jobs.
 */
public final class BatchJobs {

    private BatchJobs() {
    }

    /** Runs the decided batch's jobs; returns how many execution jobs (one per case) ran. */
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
        m.executeJob(apply.getId());
        int executed = 0;
        for (Batch b : m.createBatchQuery().type(Batch.TYPE_CORRELATE_MESSAGE).list()) {
            if (before.contains(b.getId())) {
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
                    executed++;
                }
                for (Job j : seeds) {
                    m.executeJob(j.getId());
                }
            }
            m.createJobQuery().jobDefinitionId(b.getMonitorJobDefinitionId()).list().forEach(j -> m.executeJob(j.getId()));
        }
        return executed;
    }
}
