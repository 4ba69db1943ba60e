package cn.jingyuan.relocation.bench;

import static cn.jingyuan.relocation.relocationcase.process.RelocationCaseProcess.*;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import cn.jingyuan.relocation.approval.Actors;
import cn.jingyuan.relocation.approval.BatchRequest;
import cn.jingyuan.relocation.approval.BatchService;
import cn.jingyuan.relocation.approval.BatchView;
import cn.jingyuan.relocation.approval.DecisionRequest;
import cn.jingyuan.relocation.security.AccountDirectory;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.shared.TimeConfig;
import cn.jingyuan.relocation.worklist.FormField;
import cn.jingyuan.relocation.worklist.FormSpec;
import cn.jingyuan.relocation.worklist.FormSpecs;
import cn.jingyuan.relocation.worklist.TaskForm;
import cn.jingyuan.relocation.worklist.WorklistService;

/**
 * Drives cases through the relocation process the way the working group does, through the service layer (the same
 * {@link WorklistService} calls {@code POST /api/tasks/{id}/complete} makes, as the person whose step it is): each
 * task is found by its case, filled in with what its form requires and completed; the seven-day notice timer is fired
 * as admin would; the leaders approve the cases in batches of at most 1,000 and the job executor advances them.
 */
final class CaseDriver {

    /** The steps of each role; task-force steps are done by the case's township task force. */
    private static final Set<String> TOWNSHIP_LEAD = Set.of(TASK_TOWNSHIP_REVIEW, TASK_TOWNSHIP_INSPECTION, TASK_CHECK_OBJECTION,
            TASK_DEMOLITION_REMINDER);
    private static final Set<String> OFFICER = Set.of(TASK_COUNTY_REVIEW, TASK_COUNTY_INSPECTION);
    private static final Set<String> FINANCE = Set.of(TASK_PAY_AGREEMENT_TRANCHE, TASK_PAY_ACCEPTANCE_TRANCHE);
    static final int BATCH_SIZE = 1000;

    private final TaskService tasks;
    private final RuntimeService runtime;
    private final ManagementService management;
    private final WorklistService worklist;
    private final BatchService batches;
    private final AccountDirectory accounts;
    private final JdbcTemplate jdbc;
    private final FormSpecs formSpecs;
    private final Map<String, CurrentUser> users = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> fillIns = new ConcurrentHashMap<>();
    /** Nanoseconds of each WorklistService.complete call. */
    final ConcurrentLinkedQueue<Long> completions = new ConcurrentLinkedQueue<>();

    CaseDriver(ApplicationContext context) {
        this.tasks = context.getBean(TaskService.class);
        this.runtime = context.getBean(RuntimeService.class);
        this.management = context.getBean(ManagementService.class);
        this.worklist = context.getBean(WorklistService.class);
        this.batches = context.getBean(BatchService.class);
        this.accounts = context.getBean(AccountDirectory.class);
        this.jdbc = context.getBean(JdbcTemplate.class);
        this.formSpecs = context.getBean(FormSpecs.class);
    }

    /** What a drive took: seconds to the batch, the batches' advance times, seconds from the batch to the archive. */
    record Drive(int cases, double toBatchSeconds, List<Double> batchAdvanceSeconds, double toArchiveSeconds) {
        double totalSeconds() {
            return toBatchSeconds + batchAdvanceSeconds.stream().mapToDouble(Double::doubleValue).sum() + toArchiveSeconds;
        }

        double casesPerSecond() {
            return cases / totalSeconds();
        }
    }

    /** Drives these cases (process instance ids, all waiting at the first step) from identification to the archive. */
    Drive drive(int year, List<String> processInstanceIds, int threads) throws InterruptedException {
        long start = System.nanoTime();
        each(processInstanceIds, threads, pid -> advance(pid, false));
        double toBatch = (System.nanoTime() - start) / 1e9;
        List<Double> advances = new ArrayList<>();
        for (int i = 0; i < processInstanceIds.size(); i += BATCH_SIZE) {
            advances.add(approveBatch(year, processInstanceIds.subList(i, Math.min(processInstanceIds.size(), i + BATCH_SIZE)), i / BATCH_SIZE + 1));
        }
        start = System.nanoTime();
        each(processInstanceIds, threads, pid -> advance(pid, true));
        // the archive is an asynchronous step: done when the job executor has archived the last case
        awaitZero("SELECT COUNT(*) FROM household WHERE process_instance_id IN (" + placeholders(processInstanceIds.size())
                + ") AND stage <> 'ARCHIVED'", processInstanceIds, 600);
        return new Drive(processInstanceIds.size(), toBatch, advances, (System.nanoTime() - start) / 1e9);
    }

    /**
     * The officer assembles a batch of these cases, the deputy (and the county head for a large one) approve it;
     * seconds from the final approval to the last case advanced to the agreement.
     */
    double approveBatch(int year, List<String> processInstanceIds, int number) throws InterruptedException {
        List<String> caseNos = jdbc.queryForList("SELECT case_no FROM household WHERE process_instance_id IN ("
                + placeholders(processInstanceIds.size()) + ")", String.class, processInstanceIds.toArray());
        BatchView b = Actors.as(accounts, BenchAccounts.OFFICER, () -> batches.create(
                new BatchRequest(year, year + "年第" + number + "批(" + caseNos.size() + "户)", caseNos), user(BenchAccounts.OFFICER)));
        String documentNo = "泾政发〔" + year + "〕" + number + "号";
        boolean twoLevels = Boolean.TRUE.equals(b.needsHead());
        Actors.as(accounts, BenchAccounts.DEPUTY, () -> batches.decide(b.id(),
                new DecisionRequest("APPROVE", null, null, "同意", twoLevels ? null : documentNo), user(BenchAccounts.DEPUTY)));
        if (twoLevels) {
            Actors.as(accounts, BenchAccounts.HEAD, () -> batches.decide(b.id(),
                    new DecisionRequest("APPROVE", null, null, "同意", documentNo), user(BenchAccounts.HEAD)));
        }
        long approved = System.nanoTime();
        awaitZero("SELECT COUNT(*) FROM household WHERE process_instance_id IN (" + placeholders(processInstanceIds.size())
                + ") AND stage = 'AWAITING_BATCH_APPROVAL'", processInstanceIds, 600);
        return (System.nanoTime() - approved) / 1e9;
    }

    /** Completes the case's steps until it waits for the batch ({@code afterBatch} false) or has no step left. */
    private void advance(String pid, boolean afterBatch) {
        String slug = (String) runtime.getVariable(pid, VAR_TOWNSHIP_SLUG);
        while (true) {
            List<Task> open = tasks.createTaskQuery().processInstanceId(pid).list();
            Task task = open.stream().filter(t -> !TASK_DEMOLITION_REMINDER.equals(t.getTaskDefinitionKey())).findFirst().orElse(null);
            if (task == null) {
                if (afterBatch) {
                    return;
                }
                List<Job> timers = management.createJobQuery().processInstanceId(pid).timers().activityId(EVENT_NOTICE_PERIOD_OVER).list();
                if (timers.isEmpty()) {
                    return; // waiting for the leaders
                }
                management.executeJob(timers.get(0).getId()); // the notice period is over (admin fires the timer)
                continue;
            }
            String actor = actorOf(task.getTaskDefinitionKey(), slug);
            CurrentUser user = user(actor);
            Map<String, Object> body = fillIns.computeIfAbsent(task.getTaskDefinitionKey(), k -> fillIn(task.getId(), actor, user));
            long t0 = System.nanoTime();
            Actors.as(user, () -> {
                worklist.complete(task.getId(), body, user);
                return null;
            });
            completions.add(System.nanoTime() - t0);
        }
    }

    /** Completes any task (a plan's approval, a rollover's confirmation) as {@code actor}, with what its form requires. */
    void complete(Task task, String actor) {
        CurrentUser user = user(actor);
        Map<String, Object> body = fillIns.computeIfAbsent(task.getTaskDefinitionKey(), k -> fillIn(task.getId(), actor, user));
        Actors.as(user, () -> {
            worklist.complete(task.getId(), body, user);
            return null;
        });
    }

    /** What the driver filled into the step {@code taskKey} (once it has done one). */
    Map<String, Object> fillInOf(String taskKey) {
        return fillIns.get(taskKey);
    }

    private static String actorOf(String taskKey, String slug) {
        if (TOWNSHIP_LEAD.contains(taskKey)) {
            return BenchAccounts.lead(slug);
        }
        if (OFFICER.contains(taskKey)) {
            return BenchAccounts.OFFICER;
        }
        if (FINANCE.contains(taskKey)) {
            return BenchAccounts.FINANCE;
        }
        return BenchAccounts.taskForce(slug);
    }

    /**
     * What a person types into this step's form: the decision (the step's forward one) and every required field,
     * with the form's own default where it has one and otherwise a plausible value, except the fields the step
     * proposes from its case (the assessed subsidy, the tranche due: they differ from case to case and the service
     * fills them in).
     */
    private Map<String, Object> fillIn(String taskId, String actor, CurrentUser user) {
        TaskForm form = Actors.as(accounts, actor, () -> worklist.form(taskId, user));
        FormSpec spec = formSpecs.get(form.formId());
        Map<String, Object> body = new LinkedHashMap<>();
        String today = LocalDate.now(TimeConfig.COUNTY_ZONE).toString();
        for (FormField proposed : form.fields()) {
            FormField f = spec.field(proposed.name()).orElseThrow();
            if (!(f.required() || "decision".equals(f.name()))) {
                continue;
            }
            if (f.defaultValue() != null) {
                body.put(f.name(), f.defaultValue());
                continue;
            }
            if (proposed.defaultValue() != null) {
                continue;
            }
            body.put(f.name(), switch (f.type()) {
                case "date" -> today;
                case "boolean" -> true;
                case "number" -> f.min() != null ? f.min() : 1;
                case "enum" -> f.options().stream().map(FormField.Option::value)
                        .filter(v -> Set.of("APPROVE", "APPLY", "RECLAIMED").contains(v)).findFirst()
                        .orElse(f.options().get(0).value());
                default -> "BENCH-" + f.name();
            });
        }
        return Collections.unmodifiableMap(body);
    }

    private CurrentUser user(String id) {
        return users.computeIfAbsent(id, k -> accounts.load(k).orElseThrow(() -> new IllegalStateException("no account " + k)));
    }

    interface CaseWork {
        void run(String processInstanceId) throws Exception;
    }

    private static void each(List<String> pids, int threads, CaseWork work) throws InterruptedException {
        ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>(pids);
        Parallel.run(threads, () -> {
            String pid;
            while ((pid = queue.poll()) != null) {
                work.run(pid);
            }
        });
    }

    private void awaitZero(String countSql, List<String> args, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (true) {
            Integer n = jdbc.queryForObject(countSql, Integer.class, args.toArray());
            if (n != null && n == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(n + " cases did not get there within " + seconds + " s: " + countSql);
            }
            Thread.sleep(100);
        }
    }

    private static String placeholders(int n) {
        return String.join(",", Collections.nCopies(n, "?"));
    }
}
