package cn.jingyuan.relocation.worklist.internal;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.TaskAlreadyClaimedException;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.AbstractAddIdentityLinkCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractSetTaskPropertyCmd;
import org.camunda.bpm.engine.impl.cmd.AssignTaskCmd;
import org.camunda.bpm.engine.impl.cmd.ClaimTaskCmd;
import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.camunda.bpm.engine.impl.cmd.HandleTaskBpmnErrorCmd;
import org.camunda.bpm.engine.impl.cmd.HandleTaskEscalationCmd;
import org.camunda.bpm.engine.impl.cmd.PatchExecutionVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.PatchTaskVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.RemoveExecutionVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.RemoveTaskVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.SaveUserCmd;
import org.camunda.bpm.engine.impl.cmd.SetExecutionVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.SetTaskVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitTaskFormCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.rest.exception.InvalidRequestException;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.security.Groups;
import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.shared.FieldError;
import cn.jingyuan.relocation.worklist.FormField;
import cn.jingyuan.relocation.worklist.FormSpecs;
import cn.jingyuan.relocation.worklist.StepRejectedException;

import jakarta.ws.rs.core.Response.Status;

/**
 * The rules of {@code /api} for the engine's own doors: {@code /engine-rest} and Tasklist's {@code /camunda/api/engine}.
 * Both hand the logged-in person to the engine (its "current authentication"); {@code /api} never does, it applies
 * these rules itself in {@code WorklistService}. So every engine command that runs for an authenticated person,
 * outside any other command, passes here first:
 * <ul>
 * <li>a completion (complete, submit-form, resolve) carries only the fields of the step's form: any other variable is
 * a 400 naming it, and nothing changes; a task another person holds is theirs (409), as in /api;</li>
 * <li>variables of tasks and process instances are written by the application only: a person (the administrator
 * aside) gets 403, whatever the Camunda grants say (township users hold {@code TASK_WORK}, not {@code UPDATE});</li>
 * <li>a claim is for oneself; BPMN errors and escalations are not thrown from a task by hand (no step models them);</li>
 * <li>a person changes their password through {@code POST /api/me/password} and its rules, not by saving their
 * Camunda user (which Camunda allows everyone for themselves);</li>
 * <li>the holder may hand a task back (Tasklist's "unclaim"), which {@code TASK_WORK} alone would not allow.</li>
 * </ul>
 * Camunda's authorizations still decide who sees and works which task: another township's task is not found (404)
 * or forbidden (403). A step's own rules, checked in its task listener, come out as 400 through these doors too.
 */
@Component
class EngineDoorGuard extends AbstractProcessEnginePlugin {

    private static final Set<Class<?>> VARIABLE_WRITES = Set.of(SetTaskVariablesCmd.class, PatchTaskVariablesCmd.class,
            RemoveTaskVariablesCmd.class, SetExecutionVariablesCmd.class, PatchExecutionVariablesCmd.class,
            RemoveExecutionVariablesCmd.class);

    private final FormSpecs forms;

    EngineDoorGuard(FormSpecs forms) {
        this.forms = forms;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        Guard guard = new Guard(configuration, forms);
        if (configuration.getCustomPreCommandInterceptorsTxRequired() == null) {
            configuration.setCustomPreCommandInterceptorsTxRequired(new ArrayList<>());
        }
        configuration.getCustomPreCommandInterceptorsTxRequired().add(guard);
        Guard requiresNew = new Guard(configuration, forms);
        if (configuration.getCustomPreCommandInterceptorsTxRequiresNew() == null) {
            configuration.setCustomPreCommandInterceptorsTxRequiresNew(new ArrayList<>());
        }
        configuration.getCustomPreCommandInterceptorsTxRequiresNew().add(requiresNew);
    }

    static final class Guard extends CommandInterceptor {

        private final ProcessEngineConfigurationImpl configuration;
        private final FormSpecs forms;

        Guard(ProcessEngineConfigurationImpl configuration, FormSpecs forms) {
            this.configuration = configuration;
            this.forms = forms;
        }

        @Override
        public <T> T execute(Command<T> command) {
            IdentityService identity = configuration.getIdentityService();
            Authentication who = identity == null ? null : identity.getCurrentAuthentication();
            if (who == null || who.getUserId() == null || Context.getCommandContext() != null) {
                return next.execute(command);
            }
            boolean admin = who.getGroupIds() != null && who.getGroupIds().contains(Groups.ADMIN);
            try {
                if (!admin && VARIABLE_WRITES.contains(command.getClass())) {
                    throw new InvalidRequestException(Status.FORBIDDEN, "变量由系统维护,不能直接修改 (process and task variables are "
                            + "written by the application only)");
                }
                if (!admin && command instanceof SaveUserCmd) {
                    // Camunda lets everyone change their own user, password included: that would skip the password rules
                    throw new InvalidRequestException(Status.FORBIDDEN, "请通过 POST /api/me/password 修改密码 (change your password "
                            + "through POST /api/me/password, where its rules hold)");
                }
                if (!admin && (command instanceof HandleTaskBpmnErrorCmd || command instanceof HandleTaskEscalationCmd)) {
                    throw new InvalidRequestException(Status.FORBIDDEN, "任务不能由人工抛出错误或升级事件 (no BPMN error or escalation by hand)");
                }
                if (command instanceof CompleteTaskCmd || command instanceof SubmitTaskFormCmd) {
                    checkCompletion(command, who);
                } else if (command instanceof ClaimTaskCmd claim) {
                    checkClaim(claim, who, admin);
                } else if (command instanceof AssignTaskCmd assign && field(assign, AbstractAddIdentityLinkCmd.class, "userId") == null) {
                    Task task = task((String) field(assign, AbstractSetTaskPropertyCmd.class, "taskId"), false);
                    if (task != null && who.getUserId().equals(task.getAssignee())) {
                        // handing one's own task back: as /api's unclaim allows it, without the assign permission
                        identity.clearAuthentication();
                        try {
                            return next.execute(command);
                        } finally {
                            identity.setAuthentication(who);
                        }
                    }
                }
                return next.execute(command);
            } catch (TaskAlreadyClaimedException | OptimisticLockingException e) {
                throw new InvalidRequestException(Status.CONFLICT, "该任务已由他人办理或认领 (someone else holds or changed this task)");
            } catch (ProcessEngineException e) {
                StepRejectedException rejected = StepRejectedException.find(e);
                if (rejected != null) {
                    throw rejected;
                }
                // a rule of ours inside a listener (the batch's author may not decide on it: 403) keeps its status
                for (Throwable c = e; c != null; c = c.getCause()) {
                    if (c instanceof ApiException api) {
                        throw new InvalidRequestException(Status.fromStatusCode(api.status().value()), api.getMessage());
                    }
                }
                throw e;
            }
        }

        private void checkCompletion(Command<?> command, Authentication who) {
            Class<?> type = command instanceof SubmitTaskFormCmd ? SubmitTaskFormCmd.class : CompleteTaskCmd.class;
            String taskId = (String) field(command, type, "taskId");
            @SuppressWarnings("unchecked")
            Map<String, Object> variables = (Map<String, Object>) field(command, type, command instanceof SubmitTaskFormCmd ? "properties" : "variables");
            Task task = task(taskId, true);
            if (task == null) {
                return; // not visible: the engine itself answers (not found, or not authorized)
            }
            if (!mayWork(task, who)) {
                return; // seen (the officer supervises every task) but not theirs: the engine's authorizations answer 403
            }
            if (task.getAssignee() != null && !task.getAssignee().equals(who.getUserId())) {
                throw new InvalidRequestException(Status.CONFLICT, "该任务已由 " + task.getAssignee() + " 认领办理 (someone else holds this task)");
            }
            Set<String> allowed = task.getCamundaFormRef() == null ? Set.of()
                    : forms.get(task.getCamundaFormRef().getKey()).fields().stream().map(FormField::name).collect(Collectors.toSet());
            List<FieldError> extra = variables == null ? List.of() : variables.keySet().stream().filter(n -> !allowed.contains(n))
                    .sorted().map(n -> new FieldError(null, n, null, "表单中没有这个字段,任务未办理 (not a field of this step's form)")).toList();
            if (!extra.isEmpty()) {
                throw new StepRejectedException(extra);
            }
        }

        /** As /api decides it: the administrator, the holder, or a candidate (by group or by name). */
        private boolean mayWork(Task task, Authentication who) {
            if (who.getUserId().equals(task.getAssignee()) || (who.getGroupIds() != null && who.getGroupIds().contains(Groups.ADMIN))) {
                return true;
            }
            List<String> groups = who.getGroupIds() == null ? List.of() : who.getGroupIds();
            return configuration.getTaskService().getIdentityLinksForTask(task.getId()).stream()
                    .filter(l -> IdentityLinkType.CANDIDATE.equals(l.getType()))
                    .anyMatch(l -> who.getUserId().equals(l.getUserId()) || (l.getGroupId() != null && groups.contains(l.getGroupId())));
        }

        private void checkClaim(ClaimTaskCmd claim, Authentication who, boolean admin) {
            String userId = (String) field(claim, ClaimTaskCmd.class, "userId");
            if (!admin && userId != null && !userId.equals(who.getUserId())) {
                throw new InvalidRequestException(Status.FORBIDDEN, "只能为自己认领任务 (a task is claimed for oneself; assigning is the "
                        + "township reviewer's or the officer's)");
            }
            if (!admin && userId == null) {
                throw new InvalidRequestException(Status.FORBIDDEN, "只能为自己认领任务 (claim for oneself)");
            }
        }

        private Task task(String taskId, boolean formKeys) {
            if (taskId == null) {
                return null;
            }
            TaskService tasks = configuration.getTaskService();
            var query = tasks.createTaskQuery().taskId(taskId);
            return (formKeys ? query.initializeFormKeys() : query).singleResult();
        }

        private static Object field(Object target, Class<?> declaring, String name) {
            try {
                Field f = declaring.getDeclaredField(name);
                f.setAccessible(true);
                return f.get(target);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Camunda's " + declaring.getSimpleName() + " has no field " + name, e);
            }
        }
    }
}
