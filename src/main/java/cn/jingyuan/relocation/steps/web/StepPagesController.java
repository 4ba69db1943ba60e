package cn.jingyuan.relocation.steps.web;

import java.util.List;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import cn.jingyuan.relocation.layout.PageController;
import cn.jingyuan.relocation.layout.PageErrors;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.security.CurrentUsers;
import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.steps.StepOperations;
import cn.jingyuan.relocation.relocationcase.web.CaseLabels;
import cn.jingyuan.relocation.relocationcase.RelocationCaseService;

/**
 * The 办理任务 page's operation buttons (plain forms, no script needed): each calls the same service as /api and comes
 * back to the step with what happened, or to the workbench when the step is no longer the user's. A refusal that
 * concerns what was typed (400, 409) is shown above the buttons; others are the error page.
 */
@PageController
class StepPagesController {

    private final StepOperations operations;

    private final RelocationCaseService cases;
    private final CaseLabels labels;

    StepPagesController(StepOperations operations, RelocationCaseService cases, CaseLabels labels) {
        this.operations = operations;
        this.cases = cases;
        this.labels = labels;
    }

    @PostMapping("/tasks/{id}/return")
    String returnTo(@PathVariable String id, @RequestParam(required = false) String target, @RequestParam(required = false) String reason,
                    RedirectAttributes redirect) {
        return act(id, redirect, "已退回。", true, () -> operations.returnTo(id, target, reason, CurrentUsers.current()));
    }

    @PostMapping("/tasks/{id}/transfer")
    String transfer(@PathVariable String id, @RequestParam(required = false) String userId, @RequestParam(required = false) String reason,
                    RedirectAttributes redirect) {
        return act(id, redirect, "已转办。", true, () -> operations.transfer(id, userId, reason, CurrentUsers.current()));
    }

    @PostMapping("/tasks/{id}/delegate")
    String delegate(@PathVariable String id, @RequestParam(required = false) String userId, @RequestParam(required = false) String comment,
                    RedirectAttributes redirect) {
        return act(id, redirect, "已委派,对方答复后任务回到您这里。", true, () -> operations.delegate(id, userId, comment, CurrentUsers.current()));
    }

    @PostMapping("/tasks/{id}/resolve")
    String resolve(@PathVariable String id, @RequestParam(required = false) String comment, RedirectAttributes redirect) {
        return act(id, redirect, "已答复委派。", true, () -> operations.resolve(id, comment, CurrentUsers.current()));
    }

    @PostMapping("/tasks/{id}/cosigners")
    String cosign(@PathVariable String id, @RequestParam(required = false) List<String> userIds, @RequestParam(required = false) String comment,
                  RedirectAttributes redirect) {
        return act(id, redirect, "已加签,加签人提出意见后才能提交办理。", false,
                () -> operations.addCosigners(id, userIds, comment, CurrentUsers.current()));
    }

    @PostMapping("/tasks/{id}/cosigners/remove")
    String uncosign(@PathVariable String id, @RequestParam(required = false) String userId, RedirectAttributes redirect) {
        return act(id, redirect, "已减签。", false, () -> operations.removeCosigner(id, userId, CurrentUsers.current()));
    }

    /** The co-signer's page: the step's case, its history, and the box for the opinion (加签意见). */
    @org.springframework.web.bind.annotation.GetMapping("/tasks/{id}/opinion")
    String opinionPage(@PathVariable String id, org.springframework.ui.Model model) {
        CurrentUser user = CurrentUsers.current();
        StepOperations.OwedOpinion owed = operations.owedOpinion(id, user).orElse(null);
        if (owed == null) {
            return "redirect:/tasks/" + id;
        }
        model.addAttribute("owed", owed);
        model.addAttribute("labels", labels);
        model.addAttribute("caseView", owed.caseNo() == null ? null : cases.view(owed.caseNo(), user));
        return "steps/opinion";
    }

    @PostMapping("/tasks/{id}/opinion")
    String opinion(@PathVariable String id, @RequestParam(required = false) String comment, RedirectAttributes redirect) {
        // a refused opinion goes back to the co-signer's own page, not to the step (which is its holder's)
        return act(redirect, "redirect:/tasks/" + id + "/opinion", "已提交加签意见,办理人可以继续办理。", "redirect:/workbench",
                () -> operations.opinion(id, comment, CurrentUsers.current()));
    }

    @PostMapping("/tasks/{id}/urge")
    String urge(@PathVariable String id, @RequestParam(required = false) String message, RedirectAttributes redirect) {
        return act(id, redirect, "已催办。", false, () -> operations.urge(id, message, CurrentUsers.current()));
    }

    private static String act(String id, RedirectAttributes redirect, String done, boolean leaves, Runnable action) {
        return act(redirect, "redirect:/tasks/" + id, done, leaves ? "redirect:/workbench" : "redirect:/tasks/" + id, action);
    }

    /** Runs the operation: a 400 or 409 goes back to {@code refused} with its Chinese message, success on to {@code next}. */
    private static String act(RedirectAttributes redirect, String refused, String done, String next, Runnable action) {
        try {
            action.run();
        } catch (ApiException e) {
            if (e.status().value() != 400 && e.status().value() != 409) {
                throw e;
            }
            redirect.addFlashAttribute("opProblem", PageErrors.chineseOnly(e.getMessage()));
            return refused;
        }
        redirect.addFlashAttribute("notice", done);
        return next;
    }
}
