package cn.jingyuan.relocation.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.persistence.StrongUuidGenerator;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.spring.SpringTransactionsProcessEngineConfiguration;
import org.camunda.bpm.engine.task.Task;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import cn.jingyuan.relocation.relocationcase.process.RelocationCaseProcess;

/**
 * The second baseline: the application's own case process ({@code bpmn/relocation-case.bpmn}, its forms) on a bare
 * Camunda engine, every bean it names a no-op (the stage listener, the assignment expressions answer a fixed group and
 * cadre, the task listener and delegates do nothing), with the application's engine settings: history FULL,
 * authorizations on with its task permission, the strong UUID id generator, the start variables of
 * {@code RelocationCaseService#startVariables} (a generated household has no resettlement mode yet). The
 * distance between it and the application is the domain's own cost; between it and {@link BareEngine}'s linear
 * process, the cost of the process model itself.
 */
final class NoopCaseEngine implements AutoCloseable {

    private final ProcessEngine engine;
    private final TransactionTemplate tx;

    NoopCaseEngine(DataSource dataSource, String historyLevel) throws IOException {
        DataSourceTransactionManager tm = new DataSourceTransactionManager(dataSource);
        SpringTransactionsProcessEngineConfiguration c = new SpringTransactionsProcessEngineConfiguration();
        c.setProcessEngineName("noop");
        c.setDataSource(dataSource);
        c.setTransactionManager(tm);
        c.setDatabaseSchemaUpdate("true");
        c.setHistory(historyLevel);
        c.setJobExecutorActivate(false);
        c.setMetricsEnabled(false);
        // as the application runs it (application.yml and the Spring Boot starter's defaults)
        c.setAuthorizationEnabled(true);
        c.setDefaultUserPermissionNameForTask("TASK_WORK");
        c.setEnforceSpecificVariablePermission(true);
        c.setEnforceHistoryTimeToLive(true);
        c.setIdGenerator(new StrongUuidGenerator());
        Map<Object, Object> beans = new HashMap<>();
        beans.put("caseStage", new Stage());
        beans.put("caseAssignment", new Assignment());
        beans.put("caseTaskListener", (TaskListener) task -> {
        });
        JavaDelegate nothing = execution -> {
        };
        beans.put("assessCaseDelegate", nothing);
        beans.put("archiveCaseDelegate", nothing);
        beans.put("markDemolitionOverdueDelegate", nothing);
        beans.put("casePolicy", new Policy());
        beans.put("subsidyPlan", new Tranches());
        c.setBeans(beans);
        engine = c.buildProcessEngine();
        tx = new TransactionTemplate(tm);
        DeploymentBuilder d = engine.getRepositoryService().createDeployment().name("noop");
        try (Stream<Path> files = Files.list(Path.of("bpmn"))) {
            for (Path f : files.filter(p -> p.toString().endsWith("relocation-case.bpmn") || p.toString().endsWith(".form")).toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    d.addInputStream(f.getFileName().toString(), in);
                }
            }
        }
        d.deploy();
    }

    /** Starts {@code count} cases with the application's start variables, 100 per transaction (as the case opener); their ids. */
    List<String> open(int count) {
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i += 100) {
            int from = i;
            int to = Math.min(count, i + 100);
            tx.executeWithoutResult(s -> {
                for (int k = from; k < to; k++) {
                    Map<String, Object> vars = new HashMap<>();
                    vars.put(RelocationCaseProcess.VAR_HOUSEHOLD_ID, (long) k);
                    vars.put(RelocationCaseProcess.VAR_TOWNSHIP_SLUG, "bare");
                    vars.put(RelocationCaseProcess.VAR_CATEGORY, "RISK_ZONE");
                    vars.put(RelocationCaseProcess.VAR_RISK_LEVEL, "HIGH");
                    ids.add(engine.getRuntimeService().startProcessInstanceByKey(RelocationCaseProcess.PROCESS_ID, "NOOP-" + k, vars).getId());
                }
            });
        }
        return ids;
    }

    /** Cases opened per second (the same chunks of 100 per transaction). */
    double openRate(int count) {
        long start = System.nanoTime();
        open(count);
        return count / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * Opens {@code count} cases (not timed), then drives each from identification to the archive with {@code threads}
     * threads, as the application's driver does: every task completed with its decision, the notice timer fired, the
     * batch decision's message correlated, the archive job executed; cases per second.
     */
    double drive(int count, int threads) throws InterruptedException {
        ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>(open(count));
        long start = System.nanoTime();
        Parallel.run(threads, () -> {
            String pid;
            while ((pid = queue.poll()) != null) {
                advance(pid);
            }
        });
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private void advance(String pid) {
        while (true) {
            Task t = engine.getTaskService().createTaskQuery().processInstanceId(pid).list().stream()
                    .filter(x -> !RelocationCaseProcess.TASK_DEMOLITION_REMINDER.equals(x.getTaskDefinitionKey())).findFirst().orElse(null);
            if (t != null) {
                Map<String, Object> vars = new HashMap<>();
                vars.put(RelocationCaseProcess.VAR_DECISION, "APPROVE");
                vars.put(RelocationCaseProcess.VAR_WILLING, "APPLY");
                vars.put(RelocationCaseProcess.VAR_COMMENT, "bench");
                if (RelocationCaseProcess.TASK_SIGN_AGREEMENT.equals(t.getTaskDefinitionKey())) {
                    vars.put(RelocationCaseProcess.VAR_RESETTLEMENT_MODE, "UNIFIED_BUILD");
                }
                engine.getTaskService().complete(t.getId(), vars);
                continue;
            }
            // the notice timer (admin fires it, as the application's driver does), the archive's asynchronous step
            List<Job> jobs = engine.getManagementService().createJobQuery().processInstanceId(pid).timers()
                    .activityId(RelocationCaseProcess.EVENT_NOTICE_PERIOD_OVER).list();
            if (jobs.isEmpty()) {
                jobs = engine.getManagementService().createJobQuery().processInstanceId(pid).messages().list();
            }
            if (!jobs.isEmpty()) {
                engine.getManagementService().executeJob(jobs.get(0).getId());
                continue;
            }
            if (engine.getRuntimeService().createExecutionQuery().processInstanceId(pid)
                    .activityId(RelocationCaseProcess.RECEIVE_TASK_AWAIT_BATCH_DECISION).count() > 0) {
                engine.getRuntimeService().createMessageCorrelation(RelocationCaseProcess.MESSAGE_BATCH_DECIDED).processInstanceId(pid)
                        .setVariable(RelocationCaseProcess.VAR_BATCH_INCLUDED, true).setVariable(RelocationCaseProcess.VAR_BATCH_ID, 1L)
                        .correlate();
                continue;
            }
            return;
        }
    }

    @Override
    public void close() {
        engine.close();
    }

    public static final class Stage {
        public void enter(DelegateExecution execution, String stage) {
            // the application writes the stage on the household row
        }
    }

    public static final class Assignment {
        public String cadre(DelegateExecution execution) {
            return "bare.cadre";
        }

        public String taskForce(DelegateExecution execution) {
            return "tf-bare";
        }

        public String townshipLead(DelegateExecution execution) {
            return "tl-bare";
        }
    }

    public static final class Policy {
        public String getNoticePeriod() {
            return "P7D";
        }

        public String getDemolitionDeadline() {
            return "P180D";
        }
    }

    public static final class Tranches {
        public List<Integer> trancheNumbers(DelegateExecution execution, String milestone) {
            return "AGREEMENT".equals(milestone) ? List.of(1) : List.of(2);
        }
    }
}
