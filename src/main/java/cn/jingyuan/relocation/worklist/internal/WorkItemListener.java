package cn.jingyuan.relocation.worklist.internal;

import java.time.LocalDateTime;
import java.util.Date;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.db.DbEntity;
import org.camunda.bpm.engine.impl.db.entitymanager.cache.DbEntityCache;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandContextListener;
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
 * previous holder's chance to recall. Assignments and updates are written when the engine command closes, once per
 * step, or with the step's completion when it completes in the same command ({@link Held}).
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
                hold(task, h -> {
                    if (h.touchedAt == null && !createdHere) {
                        h.touchedAt = now();
                    }
                    h.assigned = true;
                });
            }
            case TaskListener.EVENTNAME_UPDATE -> {
                createdNow().computeIfPresent(task.getId(), (id, was) -> holders(task));
                hold(task, h -> h.updated = true);
            }
            case TaskListener.EVENTNAME_COMPLETE -> {
                completed(task, release(task));
                items.deleteCandidates(task.getId(), null);
            }
            case TaskListener.EVENTNAME_DELETE -> {
                Held h = release(task);
                if (h != null) {
                    write(h);
                }
                items.end(task.getId(), "CANCELLED", null, now());
                items.deleteCandidates(task.getId(), null);
            }
            default -> {
                // timeouts are not kept
            }
        }
    }

    /**
     * What an assignment or update of a step changed, held until the engine command closes: the holder, the due date
     * or the candidate groups are then written once from the step as it is at the end of the command. A step completed
     * or ended in the same command (the everyday claim-and-complete of {@code POST /api/tasks/{id}/complete}) has its
     * holder written with its completion, in one statement. Outside a command (not seen: the engine fires task events
     * inside one) the writes go out at once.
     */
    private static final class Held {
        final DelegateTask task;
        boolean assigned;
        boolean updated;
        /** When the step was first touched in this command by an assignment after the transaction that created it. */
        LocalDateTime touchedAt;

        Held(DelegateTask task) {
            this.task = task;
        }
    }

    /** The held steps of one engine command, written when it closes and forgotten when it fails. */
    private final class Deferred implements CommandContextListener {
        final Map<String, Held> steps = new LinkedHashMap<>();

        @Override
        public void onCommandContextClose(CommandContext command) {
            HELD.get().remove(command);
            List<Held> all = List.copyOf(steps.values());
            steps.clear();
            all.forEach(WorkItemListener.this::write);
        }

        @Override
        public void onCommandFailed(CommandContext command, Throwable t) {
            HELD.get().remove(command);
            steps.clear();
        }
    }

    /** The deferred writes of each open engine command of this thread (a command opened inside another is its own). */
    private static final ThreadLocal<Map<CommandContext, Deferred>> HELD = ThreadLocal.withInitial(IdentityHashMap::new);

    /** Applies {@code change} to the step's held writes: kept to the command's close, or written now outside one. */
    private void hold(DelegateTask task, Consumer<Held> change) {
        CommandContext command = Context.getCommandContext();
        if (command == null) {
            Held now = new Held(task);
            change.accept(now);
            write(now);
            return;
        }
        Deferred deferred = HELD.get().computeIfAbsent(command, c -> {
            Deferred d = new Deferred();
            c.registerCommandContextListener(d);
            return d;
        });
        change.accept(deferred.steps.computeIfAbsent(task.getId(), id -> new Held(task)));
    }

    /** The step's held writes, no longer held: its completion or end writes them (or makes them moot). */
    private static Held release(DelegateTask task) {
        CommandContext command = Context.getCommandContext();
        Deferred deferred = command == null ? null : HELD.get().get(command);
        return deferred == null ? null : deferred.steps.remove(task.getId());
    }

    private void write(Held h) {
        DelegateTask task = h.task;
        if (h.updated) {
            updated(task, h.touchedAt);
        } else if (h.assigned) {
            items.updateAssignee(task.getId(), task.getAssignee(), task.getOwner(), h.touchedAt);
            items.updateCandidates(task.getId(), task.getAssignee(), null);
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
        r.candidateGroup = candidateGroup(groups);
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
     * candidate rows follow the task. {@code touchedAt}: when an assignment in the same command touched the step.
     */
    private void updated(DelegateTask task, LocalDateTime touchedAt) {
        LocalDateTime due = local(task.getDueDate());
        items.updateDue(task.getId(), due, listDue(due), task.getName());
        items.updateAssignee(task.getId(), task.getAssignee(), task.getOwner(), touchedAt);
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
            items.updateCandidateGroup(task.getId(), candidateGroup(groups));
        }
        items.updateCandidates(task.getId(), task.getAssignee(), listDue(due));
    }

    private static String candidateGroup(Set<String> groups) {
        return groups.isEmpty() ? null : truncate(String.join(",", groups), 255);
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

    /** The step completed; {@code held}: what an assignment or update in the same command changed, written with it. */
    private void completed(DelegateTask task, Held held) {
        String by = task.getAssignee() != null ? task.getAssignee() : actor(task);
        Date at = ClockUtil.getCurrentTime();
        if (held == null) {
            items.complete(task.getId(), by, local(at), at.getTime());
            return;
        }
        LocalDateTime due = local(task.getDueDate());
        items.completeHeld(task.getId(), by, local(at), at.getTime(), task.getAssignee(), task.getOwner(), held.touchedAt,
                held.updated, due, listDue(due), task.getName(), held.updated ? candidateGroup(candidateGroups(task)) : null);
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
