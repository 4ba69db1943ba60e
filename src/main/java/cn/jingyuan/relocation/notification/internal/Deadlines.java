package cn.jingyuan.relocation.notification.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.task.TaskQuery;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import cn.jingyuan.relocation.calendar.WorkingDays;
import cn.jingyuan.relocation.household.HouseholdRef;
import cn.jingyuan.relocation.household.HouseholdService;
import cn.jingyuan.relocation.shared.TimeConfig;
import cn.jingyuan.relocation.worklist.NoticeType;

/**
 * The daily check of due dates, on working days only: a step due before the end of the next working day is
 * DUE_SOON (on a Friday, Monday's steps), a step past its due date is OVERDUE; each step gets each notice once,
 * to whoever holds it or, while nobody does, its candidates.
 */
@Service
public class Deadlines {

    private static final int PAGE = 500;

    private final TaskService tasks;
    private final RuntimeService runtime;
    private final WorkingDays workingDays;
    private final NotificationMapper notifications;
    private final HouseholdService households;
    private final Directory directory;
    private final Inbox inbox;
    private final StepTitles titles;

    Deadlines(TaskService tasks, RuntimeService runtime, WorkingDays workingDays, NotificationMapper notifications,
              HouseholdService households, Directory directory, Inbox inbox, StepTitles titles) {
        this.tasks = tasks;
        this.runtime = runtime;
        this.workingDays = workingDays;
        this.notifications = notifications;
        this.households = households;
        this.directory = directory;
        this.inbox = inbox;
        this.titles = titles;
    }

    /** What one check told: steps due soon and steps overdue, newly notified; nothing on a day off. */
    public record Outcome(boolean workingDay, int dueSoon, int overdue) {
    }

    @Transactional
    public Outcome check(Instant now) {
        LocalDate today = now.atZone(TimeConfig.COUNTY_ZONE).toLocalDate();
        if (!workingDays.isWorkingDay(today)) {
            return new Outcome(false, 0, 0);
        }
        Date at = Date.from(now);
        Date horizon = Date.from(workingDays.nextWorkingDay(today).plusDays(1).atStartOfDay(TimeConfig.COUNTY_ZONE).toInstant());
        Map<String, List<String>> members = new HashMap<>();
        int soon = notify(NoticeType.DUE_SOON, q -> q.dueAfter(at).dueBefore(horizon), members);
        int overdue = notify(NoticeType.OVERDUE, q -> q.dueBefore(at), members);
        return new Outcome(true, soon, overdue);
    }

    private int notify(NoticeType type, UnaryOperator<TaskQuery> due, Map<String, List<String>> members) {
        int told = 0;
        for (int first = 0; ; first += PAGE) {
            int offset = first;
            List<Task> page = directory.unchecked(() -> due.apply(tasks.createTaskQuery().active()).orderByTaskId().asc().listPage(offset, PAGE));
            if (page.isEmpty()) {
                return told;
            }
            Set<String> done = new HashSet<>(notifications.notifiedTaskIds(type.name(), page.stream().map(Task::getId).toList()));
            List<Task> fresh = page.stream().filter(t -> !done.contains(t.getId())).toList();
            Map<String, HouseholdRef> cases = casesOf(fresh);
            for (Task t : fresh) {
                Set<String> to = holders(t, members);
                HouseholdRef h = cases.get(t.getProcessInstanceId());
                String title = type == NoticeType.DUE_SOON
                        ? "即将到期:" + titles.step(t.getName(), h) + ",应于" + StepTitles.dayAndTime(t.getDueDate()) + "前办理"
                        : "已逾期:" + titles.step(t.getName(), h) + ",已超过办理期限(" + StepTitles.dayAndTime(t.getDueDate()) + ")";
                if (!inbox.deliver(type, to, title, h == null ? null : h.caseNo(), t.getId(), null).isEmpty()) {
                    told++;
                }
            }
            if (page.size() < PAGE) {
                return told;
            }
        }
    }

    /** The case of each task's process instance, where the process is a case (business key = case number). */
    private Map<String, HouseholdRef> casesOf(List<Task> page) {
        Set<String> instanceIds = page.stream().map(Task::getProcessInstanceId).filter(id -> id != null).collect(Collectors.toSet());
        if (instanceIds.isEmpty()) {
            return Map.of();
        }
        Map<String, String> caseNoByInstance = new HashMap<>();
        directory.unchecked(() -> runtime.createProcessInstanceQuery().processInstanceIds(instanceIds).list()).forEach(
                (ProcessInstance pi) -> {
                    if (pi.getBusinessKey() != null) {
                        caseNoByInstance.put(pi.getId(), pi.getBusinessKey());
                    }
                });
        Map<String, HouseholdRef> byCaseNo = households.findRefs(new HashSet<>(caseNoByInstance.values())).stream()
                .collect(Collectors.toMap(HouseholdRef::caseNo, h -> h, (a, b) -> a));
        Map<String, HouseholdRef> out = new HashMap<>();
        caseNoByInstance.forEach((pi, caseNo) -> {
            if (byCaseNo.containsKey(caseNo)) {
                out.put(pi, byCaseNo.get(caseNo));
            }
        });
        return out;
    }

    /** Whoever holds the step, or while nobody does, its candidate users and the members of its candidate groups. */
    private Set<String> holders(Task t, Map<String, List<String>> members) {
        if (t.getAssignee() != null) {
            return Set.of(t.getAssignee());
        }
        Set<String> out = new LinkedHashSet<>();
        for (IdentityLink link : directory.unchecked(() -> tasks.getIdentityLinksForTask(t.getId()))) {
            if (!IdentityLinkType.CANDIDATE.equals(link.getType())) {
                continue;
            }
            if (link.getUserId() != null) {
                out.add(link.getUserId());
            }
            if (link.getGroupId() != null) {
                out.addAll(members.computeIfAbsent(link.getGroupId(), directory::members));
            }
        }
        return out;
    }
}
