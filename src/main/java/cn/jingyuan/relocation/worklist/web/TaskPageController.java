package cn.jingyuan.relocation.worklist.web;

import java.time.LocalDate;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import cn.jingyuan.relocation.calendar.WorkingDays;
import cn.jingyuan.relocation.household.HouseholdService;
import cn.jingyuan.relocation.layout.PageController;
import cn.jingyuan.relocation.layout.PageErrors;
import cn.jingyuan.relocation.relocationcase.CaseView;
import cn.jingyuan.relocation.relocationcase.RelocationCaseService;
import cn.jingyuan.relocation.relocationcase.web.CaseLabels;
import cn.jingyuan.relocation.security.AccountDirectory;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.security.CurrentUsers;
import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.shared.FieldError;
import cn.jingyuan.relocation.worklist.FormField;
import cn.jingyuan.relocation.worklist.StepRejectedException;
import cn.jingyuan.relocation.worklist.TaskForm;
import cn.jingyuan.relocation.worklist.WorklistService;

/**
 * 办理任务: the step's Camunda Form rendered natively (every field type the forms use, required marks, the
 * server's messages beside their fields), the case's summary and history beside it, 认领 and 办理.
 */
@PageController
class TaskPageController {

    private final WorklistService worklist;
    private final FormLayout layouts;
    private final RelocationCaseService cases;
    private final HouseholdService households;
    private final AccountDirectory accounts;
    private final CaseLabels labels;
    private final WorkingDays calendar;
    private final Clock clock;

    TaskPageController(WorklistService worklist, FormLayout layouts, RelocationCaseService cases, HouseholdService households,
                       AccountDirectory accounts, CaseLabels labels, WorkingDays calendar, Clock clock) {
        this.worklist = worklist;
        this.layouts = layouts;
        this.cases = cases;
        this.households = households;
        this.accounts = accounts;
        this.labels = labels;
        this.calendar = calendar;
        this.clock = clock;
    }

    @GetMapping("/tasks/{id}")
    String task(@PathVariable String id, Model model) {
        CurrentUser user = CurrentUsers.current();
        TaskForm form = worklist.form(id, user);
        Map<String, Object> values = new HashMap<>();
        form.fields().forEach(f -> values.put(f.name(), f.defaultValue()));
        // after a refused submission (post/redirect/get): what the person typed, and the server's messages beside it
        if (model.getAttribute(REFUSED_VALUES) instanceof Map<?, ?> typed) {
            typed.forEach((k, v) -> values.put(String.valueOf(k), v));
        }
        @SuppressWarnings("unchecked")
        Map<String, String> errors = model.getAttribute(REFUSED_ERRORS) instanceof Map<?, ?> m ? (Map<String, String>) m : Map.of();
        String problem = model.getAttribute(REFUSED_PROBLEM) instanceof String p ? p : null;
        return render(form, values, errors, problem, user, model);
    }

    static final String REFUSED_VALUES = "refusedValues";
    static final String REFUSED_ERRORS = "refusedErrors";
    static final String REFUSED_PROBLEM = "refusedProblem";

    @PostMapping("/tasks/{id}/claim")
    String claim(@PathVariable String id, RedirectAttributes redirect) {
        worklist.claim(id, CurrentUsers.current());
        redirect.addFlashAttribute("notice", "已认领,请办理。");
        return "redirect:/tasks/" + id;
    }

    @PostMapping("/tasks/{id}/complete")
    String complete(@PathVariable String id, @RequestParam MultiValueMap<String, String> params, Model model, RedirectAttributes redirect) {
        CurrentUser user = CurrentUsers.current();
        TaskForm form = worklist.form(id, user);
        Map<String, Object> body = new LinkedHashMap<>();
        for (FormField f : form.fields()) {
            String v = params.getFirst(f.name());
            // an unticked box sends nothing: it is a "no" (a required one is then refused: it is a confirmation)
            body.put(f.name(), "boolean".equals(f.type()) ? Boolean.valueOf("true".equals(v)) : v == null ? "" : v);
        }
        List<FieldError> errors;
        String problem;
        try {
            worklist.complete(id, body, user);
            redirect.addFlashAttribute("notice", "已办理:" + form.name() + (form.caseNo() == null ? "" : "(" + form.caseNo() + ")"));
            return "redirect:/workbench";
        } catch (ApiException e) {
            if (e.status() != HttpStatus.BAD_REQUEST) {
                throw e;
            }
            errors = e.errors();
            problem = PageErrors.chineseOnly(e.getMessage());
        } catch (ProcessEngineException e) {
            StepRejectedException rejected = StepRejectedException.find(e);
            if (rejected != null) {
                errors = rejected.errors();
                problem = "表单有" + errors.size() + "处问题,任务未办理。";
            } else if (e instanceof OptimisticLockingException || e.getCause() instanceof OptimisticLockingException) {
                throw ApiException.conflict("刚被他人办理,请回到工作台刷新 (changed by someone else meanwhile)");
            } else {
                throw apiCause(e).orElseThrow(() -> e);
            }
        }
        Map<String, String> byField = new HashMap<>();
        for (FieldError err : errors) {
            byField.merge(err.field() == null ? "" : err.field(), PageErrors.chineseOnly(err.message()), (a, b) -> a + ";" + b);
        }
        // post/redirect/get: a refresh of the page that shows the messages must not send the form again
        redirect.addFlashAttribute(REFUSED_VALUES, new HashMap<>(body));
        redirect.addFlashAttribute(REFUSED_ERRORS, byField);
        redirect.addFlashAttribute(REFUSED_PROBLEM, problem);
        return "redirect:/tasks/" + id;
    }

    private static Optional<ApiException> apiCause(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ApiException api) {
                return Optional.of(api);
            }
        }
        return Optional.empty();
    }

    private String render(TaskForm form, Map<String, Object> values, Map<String, String> errors, String problem, CurrentUser user, Model model) {
        Map<String, FormField> fields = new HashMap<>();
        form.fields().forEach(f -> fields.put(f.name(), f));
        model.addAttribute("form", form);
        model.addAttribute("fields", fields);
        model.addAttribute("rows", layouts.of(form.formId()));
        model.addAttribute("values", values);
        model.addAttribute("errors", errors);
        model.addAttribute("problem", problem);
        model.addAttribute("today", LocalDate.now(clock).toString());
        model.addAttribute("labels", labels);
        CaseView view = form.caseNo() == null || households.findRefByCaseNo(form.caseNo()).isEmpty() ? null : cases.view(form.caseNo(), user);
        model.addAttribute("caseView", view);
        CaseView.OpenTask open = view == null ? null : view.openTasks().stream().filter(t -> t.id().equals(form.taskId())).findFirst().orElse(null);
        String holder = open == null || open.assignee() == null ? null
                : accounts.displayName(open.assignee()).filter(n -> !n.isBlank()).orElse("(未登记姓名)");
        model.addAttribute("holder", holder);
        model.addAttribute("mine", open != null && user.id().equals(open.assignee()));
        model.addAttribute("unclaimed", open == null || open.assignee() == null);
        model.addAttribute("due", open == null ? null : DueText.of(open.due(), open.overdue(), LocalDate.now(clock), calendar));
        return "worklist/task";
    }
}
