package cn.jingyuan.relocation.steps.web;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.DelegationState;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.household.Township;
import cn.jingyuan.relocation.household.TownshipDirectory;
import cn.jingyuan.relocation.security.AccountDirectory;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.security.CurrentUsers;
import cn.jingyuan.relocation.security.Groups;
import cn.jingyuan.relocation.security.Role;
import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.steps.ReturnTarget;
import cn.jingyuan.relocation.steps.StepOperations;
import cn.jingyuan.relocation.worklist.WorkItem;
import cn.jingyuan.relocation.worklist.WorkItems;
import cn.jingyuan.relocation.worklist.WorklistService;

/**
 * {@code @stepPages} for the 办理任务 page's operation buttons: which operations the user may use on a step and the
 * people each offers (by name). Only what the services would allow is offered; the services decide again on submit.
 */
@Component("stepPages")
public class StepPages {

    private final StepOperations operations;
    private final WorklistService worklist;
    private final WorkItems items;
    private final TaskService tasks;
    private final AccountDirectory accounts;
    private final TownshipDirectory townships;

    StepPages(StepOperations operations, WorklistService worklist, WorkItems items, TaskService tasks, AccountDirectory accounts,
              TownshipDirectory townships) {
        this.operations = operations;
        this.worklist = worklist;
        this.items = items;
        this.tasks = tasks;
        this.accounts = accounts;
        this.townships = townships;
    }

    /** A person offered by a button: the id goes in the form, only the name is shown. */
    public record Person(String id, String name) {
    }

    /** What the page offers for one step. */
    public record Offer(boolean holder, List<ReturnTarget> returnTargets, List<Person> transferTo, List<Person> delegateTo,
                        List<Person> cosignWith, List<StepOperations.Cosigner> cosigners, boolean canUrge, int urgeCount,
                        boolean delegatedToMe) {
    }

    public Offer of(String taskId) {
        CurrentUser user = CurrentUsers.current();
        Task task = tasks.createTaskQuery().taskId(taskId).singleResult();
        if (task == null) {
            return new Offer(false, List.of(), List.of(), List.of(), List.of(), List.of(), false, 0, false);
        }
        List<String> groups = worklist.candidateGroups(taskId);
        boolean delegated = task.getDelegationState() == DelegationState.PENDING;
        boolean holder = !delegated && (user.id().equals(task.getAssignee())
                || task.getAssignee() == null && groups.stream().anyMatch(user.groups()::contains));
        WorkItem item = items.find(taskId).orElse(null);
        Township township = item == null || item.townshipCode() == null ? null : townships.byCode(item.townshipCode());
        List<ReturnTarget> targets = holder ? quietly(() -> operations.returnTargets(taskId, user)) : List.of();
        List<Person> transfer = new ArrayList<>();
        if (!delegated && (holder || worklist.supervises(task, user))) {
            people(groups).stream().filter(p -> !p.id().equals(task.getAssignee()) && !p.id().equals(user.id())).forEach(transfer::add);
        }
        List<Person> others = new ArrayList<>();
        if (holder) {
            List<String> around = new ArrayList<>();
            if (township != null) {
                around.add(Groups.taskForce(township.slug()));
                around.add(Groups.townshipLead(township.slug()));
            }
            around.addAll(List.of(Groups.OFFICER, Groups.FINANCE, Groups.DEPUTY, Groups.HEAD));
            people(around).stream().filter(p -> !p.id().equals(user.id())).forEach(others::add);
        }
        List<StepOperations.Cosigner> cosigners = quietly(() -> operations.cosigners(taskId, user));
        List<Person> cosignWith = others.stream().filter(p -> cosigners.stream().noneMatch(c -> c.userId().equals(p.id()))).toList();
        boolean canUrge = !user.id().equals(task.getAssignee()) && (user.hasAny(Role.ADMIN, Role.OFFICER)
                || user.has(Role.TOWNSHIP_LEAD) && township != null && township.slug().equals(user.townshipSlug()));
        return new Offer(holder, targets, transfer, others, cosignWith, cosigners, canUrge, item == null ? 0 : item.urgeCount(),
                delegated && user.id().equals(task.getAssignee()));
    }

    private List<Person> people(List<String> groups) {
        Set<String> ids = new LinkedHashSet<>();
        groups.forEach(g -> ids.addAll(accounts.membersOf(g)));
        return ids.stream().map(id -> new Person(id, accounts.displayName(id).filter(n -> !n.isBlank()).orElse("(未登记姓名)"))).toList();
    }

    private static <T> List<T> quietly(java.util.function.Supplier<List<T>> read) {
        try {
            return read.get();
        } catch (ApiException e) {
            return List.of();
        }
    }
}
