package cn.jingyuan.relocation.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.household.Township;
import cn.jingyuan.relocation.household.TownshipDirectory;
import cn.jingyuan.relocation.shared.DemoMode;

/**
 * At start-up: the groups of the working group (always), their Camunda grants and Tasklist filters, and — in the
 * embedded default — the demo accounts of the contract (password {@code demo}). Idempotent: what exists is left.
 */
@Component
@Order(10)
class AccountSetup implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AccountSetup.class);
    static final String DEMO_PASSWORD = "demo";

    private final IdentityService identity;
    private final AuthorizationService authorizations;
    private final FilterService filters;
    private final TaskService tasks;
    private final TownshipDirectory townships;
    private final boolean demo;
    private final DemoAccounts demoAccounts;

    AccountSetup(IdentityService identity, AuthorizationService authorizations, FilterService filters, TaskService tasks,
                 TownshipDirectory townships, Environment environment, DemoAccounts demoAccounts) {
        this.demoAccounts = demoAccounts;
        this.identity = identity;
        this.authorizations = authorizations;
        this.filters = filters;
        this.tasks = tasks;
        this.townships = townships;
        this.demo = DemoMode.enabled(environment);
    }

    @Override
    public void run(ApplicationArguments args) {
        Map<String, String> groups = new LinkedHashMap<>();
        groups.put(Groups.ADMIN, "系统管理员");
        groups.put(Groups.OFFICER, "县自然资源局");
        groups.put(Groups.FINANCE, "县财政局");
        groups.put(Groups.DEPUTY, "分管副县长");
        groups.put(Groups.HEAD, "县长");
        groups.put(Groups.LEADERS, "县领导");
        for (Township t : townships.all()) {
            groups.put(Groups.taskForce(t.slug()), t.name() + "工作专班");
            groups.put(Groups.townshipLead(t.slug()), t.name() + "分管领导");
        }
        groups.forEach(this::group);
        group(Groups.METRICS, "监控采集");
        grants(new ArrayList<>(groups.keySet()));
        taskWorkOnly();
        taskFilters();
        if (demo) {
            demoAccounts();
        }
    }

    private void group(String id, String name) {
        if (identity.createGroupQuery().groupId(id).singleResult() == null) {
            Group g = identity.newGroup(id);
            g.setName(name);
            g.setType(Groups.ADMIN.equals(id) ? "SYSTEM" : "WORKFLOW");
            identity.saveGroup(g);
        }
    }

    /**
     * Camunda grants that match our roles. Everyone may open Tasklist and read the process definitions (forms,
     * diagrams); task visibility otherwise comes from candidate groups and assignees, which the engine grants per
     * task. County roles may open Cockpit and see every case; township groups see only their own tasks.
     */
    private void grants(List<String> groupIds) {
        // Engine admins skip permission checks on single resources but not in queries (7.24): they need the grants too.
        for (Resources r : Resources.values()) {
            grant(Groups.ADMIN, r, "*", Permissions.ALL);
        }
        for (String g : groupIds) {
            if (Groups.ADMIN.equals(g)) {
                continue;
            }
            grant(g, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
            grant(g, Resources.FILTER, "*", Permissions.READ);
            grant(g, Resources.PROCESS_DEFINITION, "*", Permissions.READ);
            grant(g, Resources.DECISION_DEFINITION, "*", Permissions.READ);
            boolean countyWide = Groups.roleOf(g).map(r -> !r.isTownshipRole()).orElse(true);
            if (countyWide) {
                grant(g, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
                grant(g, Resources.PROCESS_DEFINITION, "*", ProcessDefinitionPermissions.READ_INSTANCE, ProcessDefinitionPermissions.READ_HISTORY,
                        ProcessDefinitionPermissions.READ_INSTANCE_VARIABLE, ProcessDefinitionPermissions.READ_HISTORY_VARIABLE);
                grant(g, Resources.PROCESS_INSTANCE, "*", Permissions.READ);
                grant(g, Resources.DEPLOYMENT, "*", Permissions.READ);
            }
            // Every task of the county is the officer's to supervise; finance and the leaders see their own, as in /api.
            if (Groups.OFFICER.equals(g)) {
                grant(g, Resources.TASK, "*", Permissions.READ);
                grant(g, Resources.PROCESS_DEFINITION, "*", ProcessDefinitionPermissions.READ_TASK, ProcessDefinitionPermissions.READ_TASK_VARIABLE);
            } else {
                revoke(g, Resources.TASK, "*");
            }
        }
    }

    private void grant(String groupId, Resource resource, String resourceId, Permission... permissions) {
        Authorization existing = authorizations.createAuthorizationQuery().groupIdIn(groupId).resourceType(resource)
                .resourceId(resourceId).singleResult();
        Authorization a = existing != null ? existing : authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
        if (existing == null) {
            a.setGroupId(groupId);
            a.setResource(resource);
            a.setResourceId(resourceId);
        }
        for (Permission p : permissions) {
            a.addPermission(p);
        }
        authorizations.saveAuthorization(a);
    }

    /**
     * Tasks created before issue 11 gave their candidates and holder UPDATE (the engine's default): with it they could
     * write any variable of the task and of its case through /engine-rest. Now the engine grants TASK_WORK and
     * READ_VARIABLE; the grants of the tasks still open are brought to the same, once (afterwards none has UPDATE).
     */
    private void taskWorkOnly() {
        int changed = 0;
        for (Authorization a : authorizations.createAuthorizationQuery().resourceType(Resources.TASK).hasPermission(Permissions.UPDATE).list()) {
            if ("*".equals(a.getResourceId()) || Groups.ADMIN.equals(a.getGroupId())) {
                continue;
            }
            a.removePermission(Permissions.UPDATE);
            a.addPermission(TaskPermissions.TASK_WORK);
            a.addPermission(TaskPermissions.READ_VARIABLE);
            authorizations.saveAuthorization(a);
            changed++;
        }
        if (changed > 0) {
            log.info("{} task grants reduced from UPDATE to TASK_WORK", changed);
        }
    }

    /** Removes a grant an earlier version gave (an existing database keeps its authorizations). */
    private void revoke(String groupId, Resource resource, String resourceId) {
        Authorization existing = authorizations.createAuthorizationQuery().groupIdIn(groupId).resourceType(resource)
                .resourceId(resourceId).singleResult();
        if (existing != null) {
            authorizations.deleteAuthorization(existing.getId());
        }
    }

    private void taskFilters() {
        filter("我的待办", "分配给我的任务", 0, tasks.createTaskQuery().taskAssigneeExpression("${currentUser()}"));
        filter("本组待领", "我所在工作组尚未认领的任务", 1, tasks.createTaskQuery().taskCandidateGroupInExpression("${currentUserGroups()}"));
        filter("全部可办", "我或我所在工作组可以办理的任务", 2, tasks.createTaskQuery().taskCandidateGroupInExpression("${currentUserGroups()}")
                .includeAssignedTasks());
    }

    private void filter(String name, String description, int priority, org.camunda.bpm.engine.task.TaskQuery query) {
        if (filters.createFilterQuery().filterName(name).count() > 0) {
            return;
        }
        Filter f = filters.newTaskFilter(name).setQuery(query)
                .setProperties(Map.of("description", description, "priority", priority, "refresh", true));
        filters.saveFilter(f);
    }

    private void demoAccounts() {
        List<Runnable> accounts = new ArrayList<>();
        accounts.add(() -> user("admin", "系统", "管理员", Groups.ADMIN));
        accounts.add(() -> user("officer", "马", "经办(县自然资源局)", Groups.OFFICER));
        accounts.add(() -> user("finance", "杨", "会计(县财政局)", Groups.FINANCE));
        accounts.add(() -> user("deputy", "李", "副县长", Groups.DEPUTY, Groups.LEADERS));
        accounts.add(() -> user("head", "王", "县长", Groups.HEAD, Groups.LEADERS));
        String[] surnames = {"马", "杨", "海", "禹", "兰", "苏", "丁"};
        int i = 0;
        for (Township t : townships.all()) {
            String s = surnames[i++ % surnames.length];
            accounts.add(() -> user(t.slug() + ".tf1", s, "专干一(" + t.name() + ")", Groups.taskForce(t.slug())));
            accounts.add(() -> user(t.slug() + ".tf2", s, "专干二(" + t.name() + ")", Groups.taskForce(t.slug())));
            accounts.add(() -> user(t.slug() + ".lead", s, "分管领导(" + t.name() + ")", Groups.townshipLead(t.slug())));
        }
        // each account's bcrypt hash costs ~0.1 s of one core: the 26 of them on every core, in the background while the
        // demo data loads (DemoAccounts: it waits for them before it commits, start-up waits for them at the end)
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                Math.max(1, Runtime.getRuntime().availableProcessors()), r -> {
                    Thread t = new Thread(r, "demo-accounts");
                    t.setDaemon(true);
                    return t;
                });
        java.util.concurrent.CompletableFuture<Void> all = java.util.concurrent.CompletableFuture.allOf(
                accounts.stream().map(a -> java.util.concurrent.CompletableFuture.runAsync(a, pool))
                        .toArray(java.util.concurrent.CompletableFuture[]::new));
        all.whenComplete((ok, failed) -> pool.shutdown());
        demoAccounts.creating(all);
    }

    private void user(String id, String lastName, String firstName, String... groupIds) {
        if (identity.createUserQuery().userId(id).singleResult() != null) {
            return;
        }
        User u = identity.newUser(id);
        u.setLastName(lastName);
        u.setFirstName(firstName);
        u.setEmail(id + "@jingyuan.example");
        u.setPassword(DEMO_PASSWORD);
        identity.saveUser(u);
        for (String g : groupIds) {
            identity.createMembership(id, g);
        }
        log.info("demo account {} created", id);
    }
}
