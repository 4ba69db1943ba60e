package cn.jingyuan.relocation.notification.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import cn.jingyuan.relocation.household.HouseholdRef;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.security.CurrentUsers;
import cn.jingyuan.relocation.worklist.NoticeType;
import cn.jingyuan.relocation.worklist.StepNotice;

/**
 * Where notices come from, all written in the transaction of their cause:
 * <ul>
 * <li>{@link StepNotice} events (returned, urged, copied, delegated, co-signature asked for), written at once;</li>
 * <li>the engine's task events for every process (the Camunda Spring Boot starter publishes each user task's
 * create, assignment, complete and delete as a Spring event): a step that is new for someone becomes TASK_NEW.
 * These are collected during the transaction and written just before it commits, from the step's last state:
 * a step created for a group and then handed to one person in the same transaction (a return to whoever did it
 * last) tells only that person; a step claimed by oneself tells nobody; a step completed or deleted before the
 * commit tells nobody; and whoever got a more specific notice about the same case or step in the same
 * transaction (RETURNED, DELEGATED, ...) does not get TASK_NEW on top.</li>
 * </ul>
 */
@Component
class NoticeListener {

    private final Inbox inbox;
    private final Directory directory;
    private final StepTitles titles;

    NoticeListener(Inbox inbox, Directory directory, StepTitles titles) {
        this.inbox = inbox;
        this.directory = directory;
        this.titles = titles;
    }

    @EventListener
    public void on(StepNotice notice) {
        Set<String> to = directory.expand(notice.userIds(), notice.groupIds());
        Set<String> written = inbox.deliver(notice.type(), to, notice.title(), notice.caseNo(), notice.taskId(), notice.actorId());
        Pending pending = pending();
        if (pending != null) {
            written.forEach(u -> pending.told(u, notice.caseNo(), notice.taskId()));
        }
    }

    @EventListener
    public void on(DelegateTask task) {
        String event = task.getEventName();
        if (event == null || !Set.of(TaskListener.EVENTNAME_CREATE, TaskListener.EVENTNAME_ASSIGNMENT, TaskListener.EVENTNAME_COMPLETE,
                TaskListener.EVENTNAME_DELETE).contains(event)) {
            return;
        }
        Pending pending = pending();
        if (TaskListener.EVENTNAME_COMPLETE.equals(event) || TaskListener.EVENTNAME_DELETE.equals(event)) {
            if (pending != null) {
                pending.steps.remove(task.getId());
            }
            return;
        }
        Step previous = pending == null ? null : pending.steps.get(task.getId());
        boolean created = TaskListener.EVENTNAME_CREATE.equals(event) || previous != null && previous.created;
        Step step = snapshot(task, created);
        if (pending != null) {
            pending.steps.put(task.getId(), step);
        } else {
            write(List.of(step), Set.of());
        }
    }

    private Step snapshot(DelegateTask task, boolean created) {
        Set<String> users = new LinkedHashSet<>();
        Set<String> groups = new LinkedHashSet<>();
        if (created) {
            for (IdentityLink link : task.getCandidates()) {
                if (IdentityLinkType.CANDIDATE.equals(link.getType())) {
                    if (link.getUserId() != null) {
                        users.add(link.getUserId());
                    }
                    if (link.getGroupId() != null) {
                        groups.add(link.getGroupId());
                    }
                }
            }
        }
        String caseNo = task.getExecution() == null ? null : task.getExecution().getProcessBusinessKey();
        return new Step(task.getId(), task.getName(), caseNo, task.getAssignee(), users, groups, task.getDueDate(), actor(task), created);
    }

    private static String actor(DelegateTask task) {
        Authentication a = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
        if (a != null && a.getUserId() != null) {
            return a.getUserId();
        }
        return CurrentUsers.find().map(CurrentUser::id).orElse(null);
    }

    /**
     * Writes the steps' TASK_NEW notices: each group's members and the steps' cases are read once for all of them, and
     * their messages written together (a batch advanced or cases opened bring many steps to one commit).
     */
    private void write(Collection<Step> steps, Set<String> told) {
        Map<String, Set<String>> members = new HashMap<>();
        Map<String, HouseholdRef> cases = new HashMap<>();
        Set<String> caseNos = new LinkedHashSet<>();
        steps.forEach(s -> {
            if (s.caseNo != null) {
                caseNos.add(s.caseNo);
            }
        });
        titles.households(caseNos).forEach(h -> cases.put(h.caseNo(), h));
        List<Inbox.Notice> notices = new ArrayList<>();
        for (Step step : steps) {
            Set<String> to;
            if (step.assignee != null) {
                to = new LinkedHashSet<>(Set.of(step.assignee));
            } else if (step.created) {
                to = new LinkedHashSet<>(step.users);
                step.groups.forEach(g -> to.addAll(members.computeIfAbsent(g, k -> directory.expand(Set.of(), Set.of(k)))));
            } else {
                continue; // given back (unclaimed): the group already knew
            }
            to.removeIf(u -> told.contains(Pending.key(u, step.caseNo, null)) || told.contains(Pending.key(u, null, step.id)));
            if (!to.isEmpty()) {
                String name = titles.step(step.name, step.caseNo == null ? null : cases.get(step.caseNo));
                notices.add(new Inbox.Notice(NoticeType.TASK_NEW, to, "新待办:" + name + (step.due == null ? "" : ",请于" + StepTitles.day(step.due) + "前办理"),
                        step.caseNo, step.id, step.actor));
            }
        }
        inbox.deliverAll(notices);
    }

    private Pending pending() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return null;
        }
        Pending p = (Pending) TransactionSynchronizationManager.getResource(Pending.class);
        if (p == null) {
            p = new Pending();
            TransactionSynchronizationManager.bindResource(Pending.class, p);
            TransactionSynchronizationManager.registerSynchronization(p);
        }
        return p;
    }

    /** A step as it stood at its last event in this transaction. */
    private record Step(String id, String name, String caseNo, String assignee, Set<String> users, Set<String> groups, Date due,
                        String actor, boolean created) {
    }

    /** What this transaction has to tell about steps, and whom it already told what. */
    private final class Pending implements TransactionSynchronization {

        final Map<String, Step> steps = new LinkedHashMap<>();
        final Set<String> told = new HashSet<>();

        void told(String userId, String caseNo, String taskId) {
            if (caseNo != null) {
                told.add(key(userId, caseNo, null));
            }
            if (taskId != null) {
                told.add(key(userId, null, taskId));
            }
        }

        static String key(String userId, String caseNo, String taskId) {
            return userId + (caseNo != null ? "|case|" + caseNo : "|task|" + taskId);
        }

        /**
         * Early among the synchronizations: the statistics' counters come after, since their rows, shared by every case
         * of a township and stage, stay locked from their update to the commit.
         */
        @Override
        public int getOrder() {
            return 0;
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            write(steps.values(), told);
            steps.clear();
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(Pending.class);
        }
    }
}
