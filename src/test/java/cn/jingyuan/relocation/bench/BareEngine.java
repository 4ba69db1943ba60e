package cn.jingyuan.relocation.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import javax.sql.DataSource;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.spring.SpringTransactionsProcessEngineConfiguration;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.builder.AbstractFlowNodeBuilder;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The baseline engine: Camunda 7 alone, in this JVM, on a database of its own on the same server, with the
 * application's history level and pool settings and none of its code (no listeners, no delegates, no domain tables,
 * no authorization checks). What the application does is measured against what this engine does with the same
 * hardware in the same run.
 */
final class BareEngine implements AutoCloseable {

    static final String ONE_TASK = "BareOneTask";
    static final String MANY_TASKS = "BareManyTasks";

    private final ProcessEngine engine;
    private final TransactionTemplate tx;

    BareEngine(DataSource dataSource, String historyLevel, int userTasks) {
        DataSourceTransactionManager tm = new DataSourceTransactionManager(dataSource);
        SpringTransactionsProcessEngineConfiguration c = new SpringTransactionsProcessEngineConfiguration();
        c.setProcessEngineName("bare");
        c.setDataSource(dataSource);
        c.setTransactionManager(tm);
        c.setDatabaseSchemaUpdate("true");
        c.setHistory(historyLevel);
        c.setJobExecutorActivate(false);
        c.setMetricsEnabled(false);
        engine = c.buildProcessEngine();
        tx = new TransactionTemplate(tm);
        BpmnModelInstance one = Bpmn.createExecutableProcess(ONE_TASK).camundaHistoryTimeToLive(180)
                .startEvent().userTask("Task_1").camundaCandidateGroups("tf-bare").endEvent().done();
        AbstractFlowNodeBuilder<?, ?> b = Bpmn.createExecutableProcess(MANY_TASKS).camundaHistoryTimeToLive(180).startEvent();
        for (int i = 1; i <= userTasks; i++) {
            b = b.userTask("Task_" + i).camundaCandidateGroups("tf-bare");
        }
        BpmnModelInstance many = b.endEvent().done();
        engine.getRepositoryService().createDeployment().name("bare").addModelInstance("bare-one.bpmn", one)
                .addModelInstance("bare-many.bpmn", many).deploy();
    }

    /** Starts {@code count} one-task instances in chunks of {@code chunk} per transaction (as the case opener does); cases per second. */
    double open(int count, int chunk) {
        long start = System.nanoTime();
        start(ONE_TASK, count, chunk);
        return count / ((System.nanoTime() - start) / 1e9);
    }

    /** Starts {@code count} instances of {@code processKey}, {@code chunk} per transaction; their ids. */
    private List<String> start(String processKey, int count, int chunk) {
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i += chunk) {
            int from = i;
            int to = Math.min(count, i + chunk);
            tx.executeWithoutResult(s -> {
                for (int k = from; k < to; k++) {
                    ids.add(engine.getRuntimeService().startProcessInstanceByKey(processKey, processKey + "-" + k).getId());
                }
            });
        }
        return ids;
    }

    /**
     * Starts {@code count} instances of the many-task process (not timed), then completes every task of them with
     * {@code threads} threads, each task found by its process instance and completed with two variables in a
     * transaction of its own; cases per second.
     */
    double drive(int count, int threads) throws InterruptedException {
        ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>(start(MANY_TASKS, count, 100));
        long start = System.nanoTime();
        Parallel.run(threads, () -> {
            String pid;
            while ((pid = queue.poll()) != null) {
                while (true) {
                    Task t = engine.getTaskService().createTaskQuery().processInstanceId(pid).singleResult();
                    if (t == null) {
                        break;
                    }
                    engine.getTaskService().complete(t.getId(), Map.of("decision", "APPROVE", "comment", "bench"));
                }
            }
        });
        return count / ((System.nanoTime() - start) / 1e9);
    }

    @Override
    public void close() {
        engine.close();
    }
}
