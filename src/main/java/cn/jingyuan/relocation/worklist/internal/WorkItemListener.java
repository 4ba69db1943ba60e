package cn.jingyuan.relocation.worklist.internal;

import java.time.LocalDateTime;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.db.DbEntity;
import org.camunda.bpm.engine.impl.db.entitymanager.cache.DbEntityCache;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import cn.jingyuan.relocation.household.HouseholdRef;
import cn.jingyuan.relocation.household.HouseholdService;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.security.CurrentUsers;
import cn.jingyuan.relocation.shared.TimeConfig;

/**
 * Keeps work_item from the engine's task events (the Camunda starter publishes every user task's create,
 * assignment, update, complete and delete as a Spring event, inside the engine command): the row commits or rolls
 * back with the step, whichever door changed it (/api, Tasklist, /engine-rest). An assignment after the
 * transaction that created the step (a claim, a transfer, a delegation) marks the step as touched, which ends the
 * previous holder's chance to recall.
 */
@Component
class WorkItemListener {

    private final WorkItemMapper items;
    private final HouseholdService households;

    WorkItemListener(WorkItemMapper items, HouseholdService households) {
        this.items = items;
        this.households = households;
    }

    @EventListener
    @Order(0)
    public void on(DelegateTask task) {
        String event = task.getEventName();
        if (event == null) {
            return;
        }
        switch (event) {
            case TaskListener.EVENTNAME_CREATE -> created(task);
            case TaskListener.EVENTNAME_ASSIGNMENT -> {
                Map<String, String> created = createdNow();
                boolean createdHere = created.containsKey(task.getId());
                if (createdHere && holders(task).equals(created.put(task.getId(), holders(task)))) {
                    return; // the engine's assignment event for the holder the step was created with: the rows have it
                }
                items.updateAssignee(task.getId(), task.getAssignee(), task.getOwner(), createdHere ? null : now());
                items.updateCandidates(task.getId(), task.getAssignee(), null);
            }
            case TaskListener.EVENTNAME_UPDATE -> updated(task);
            case TaskListener.EVENTNAME_COMPLETE -> {
                completed(task);
                items.deleteCandidates(task.getId(), null);
            }
            case TaskListener.EVENTNAME_DELETE -> {
                items.end(task.getId(), "CANCELLED", null, now());
                items.deleteCandidates(task.getId(), null);
            }
            default -> {
                // timeouts are not kept
            }
        }
    }

    private void created(DelegateTask task) {
        createdNow().put(task.getId(), holders(task));
        WorkItemRow r = new WorkItemRow();
        r.taskId = task.getId();
        r.processInstanceId = task.getProcessInstanceId();
        String def = task.getProcessDefinitionId();
        r.processKey = def == null ? null : def.split(":")[0];
        r.taskKey = task.getTaskDefinitionKey();
        r.taskName = task.getName();
        r.caseNo = task.getExecution() == null ? null : task.getExecution().getProcessBusinessKey();
        Object householdId = task.getExecution() == null ? null : task.getExecution().getVariable("householdId");
        if (householdId instanceof Number n) {
            HouseholdRef h = households.findRef(n.longValue()).orElse(null);
            if (h != null) {
                r.householdId = h.id();
                r.townshipCode = h.township().code();
                r.stage = h.stage().name();
            }
        }
        Set<String> groups = candidateGroups(task);
        r.candidateGroup = groups.isEmpty() ? null : truncate(String.join(",", groups), 255);
        r.assignee = task.getAssignee();
        r.ownerId = task.getOwner();
        r.createdAt = local(task.getCreateTime() == null ? ClockUtil.getCurrentTime() : task.getCreateTime());
        r.dueAt = local(task.getDueDate());
        r.listDue = listDue(r.dueAt);
        items.insert(r);
        if (!groups.isEmpty()) {
            items.insertCandidates(r.taskId, groups, r.listDue, r.createdAt, r.assignee);
        }
    }

    /**
     * An update (a due date, a name, the holder, candidate groups added or removed through any door): the row and its
     * candidate rows follow the task.
     */
    private void updated(DelegateTask task) {
        LocalDateTime due = local(task.getDueDate());
        items.updateDue(task.getId(), due, listDue(due), task.getName());
        items.updateAssignee(task.getId(), task.getAssignee(), task.getOwner(), null);
        createdNow().computeIfPresent(task.getId(), (id, was) -> holders(task));
        Set<String> groups = candidateGroups(task);
        Set<String> kept = new java.util.TreeSet<>(items.findCandidateGroups(task.getId()));
        if (!kept.equals(groups)) {
            Set<String> gone = new java.util.TreeSet<>(kept);
            gone.removeAll(groups);
            if (!gone.isEmpty()) {
                items.deleteCandidates(task.getId(), gone);
            }
            Set<String> added = new java.util.TreeSet<>(groups);
            added.removeAll(kept);
            if (!added.isEmpty()) {
                WorkItemRow r = items.findById(task.getId());
                if (r != null) {
                    items.insertCandidates(task.getId(), added, listDue(due), r.createdAt, task.getAssignee());
                }
            }
            items.updateCandidateGroup(task.getId(), groups.isEmpty() ? null : truncate(String.join(",", groups), 255));
        }
        items.updateCandidates(task.getId(), task.getAssignee(), listDue(due));
    }

    /**
     * The task's candidate groups now. A link deleted in this command (a candidate group removed) is still read back
     * until the command flushes: the entity cache knows it is gone.
     */
    private static Set<String> candidateGroups(DelegateTask task) {
        CommandContext command = Context.getCommandContext();
        DbEntityCache cache = command == null ? null : command.getDbEntityManager().getDbEntityCache();
        return task.getCandidates().stream()
                .filter(l -> !(cache != null && l instanceof DbEntity e && cache.isDeleted(e)))
                .filter(l -> IdentityLinkType.CANDIDATE.equals(l.getType()) && l.getGroupId() != null)
                .map(IdentityLink::getGroupId).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    static LocalDateTime listDue(LocalDateTime due) {
        return due != null ? due : TaskFilter.NO_DUE;
    }

    private void completed(DelegateTask task) {
        String by = task.getAssignee() != null ? task.getAssignee() : actor(task);
        Date at = ClockUtil.getCurrentTime();
        items.complete(task.getId(), by, local(at), at.getTime());
    }

    private static String actor(DelegateTask task) {
        Authentication a = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
        if (a != null && a.getUserId() != null) {
            return a.getUserId();
        }
        return CurrentUsers.find().map(CurrentUser::id).orElse("system");
    }

    private static LocalDateTime now() {
        return local(ClockUtil.getCurrentTime());
    }

    static LocalDateTime local(Date d) {
        return d == null ? null : LocalDateTime.ofInstant(d.toInstant(), TimeConfig.COUNTY_ZONE);
    }

    private static String truncate(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }

    /** Who holds the step (assignee and owner), as its rows were last written. */
    private static String holders(DelegateTask task) {
        return task.getAssignee() + "\u0000" + task.getOwner();
    }

    /**
     * The steps created in the current transaction (their first assignment is not a claim), each with the holders
     * its rows were written with.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, String> createdNow() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return new HashMap<>();
        }
        Map<String, String> ids = (Map<String, String>) TransactionSynchronizationManager.getResource(CreatedSteps.class);
        if (ids == null) {
            CreatedSteps created = new CreatedSteps();
            TransactionSynchronizationManager.bindResource(CreatedSteps.class, created.ids);
            TransactionSynchronizationManager.registerSynchronization(created);
            ids = created.ids;
        }
        return ids;
    }

    private static final class CreatedSteps implements TransactionSynchronization {
        final Map<String, String> ids = new HashMap<>();

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(CreatedSteps.class);
        }
    }
}
