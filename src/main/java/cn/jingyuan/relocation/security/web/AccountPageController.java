package cn.jingyuan.relocation.security.web;

import java.util.List;
import java.util.Map;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import cn.jingyuan.relocation.household.TownshipDirectory;
import cn.jingyuan.relocation.layout.PageText;
import cn.jingyuan.relocation.layout.PageController;
import cn.jingyuan.relocation.security.Access;
import cn.jingyuan.relocation.security.AccountService;
import cn.jingyuan.relocation.security.AccountService.AccountRole;
import cn.jingyuan.relocation.security.AccountService.AccountView;
import cn.jingyuan.relocation.security.AccountService.WithPassword;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.security.CurrentUsers;
import cn.jingyuan.relocation.security.Role;
import cn.jingyuan.relocation.shared.ApiException;

/**
 * 系统管理 - 账号: every account with its role, township and state; create one (login name, name, role, township,
 * phone), disable or enable it, reset its password. A new or reset password is shown once, on the page that follows
 * the action, and must be changed at the first login. The same {@link AccountService} as {@code /api/accounts}.
 */
@PageController
class AccountPageController {

    private final AccountService accounts;
    private final TownshipDirectory townships;
    private final PageText text;

    AccountPageController(AccountService accounts, TownshipDirectory townships, PageText text) {
        this.accounts = accounts;
        this.townships = townships;
        this.text = text;
    }

    record RoleOption(String value, String label) {
    }

    @GetMapping("/admin/accounts")
    String list(Model model) {
        CurrentUser user = CurrentUsers.current();
        Access.require(user, Role.ADMIN);
        List<AccountView> all = accounts.list(user);
        model.addAttribute("accounts", all);
        model.addAttribute("roles", java.util.Arrays.stream(AccountRole.values())
                .map(r -> new RoleOption(r.name(), Role.valueOf(r.name().equals("TOWNSHIP_TASK_FORCE") ? "TASK_FORCE" : r.name()).label())).toList());
        model.addAttribute("townships", townships.all());
        if (!model.containsAttribute("problem")) {
            model.addAttribute("problem", null);
            model.addAttribute("form", Map.of());
        }
        return "admin/accounts";
    }

    @PostMapping("/admin/accounts")
    String create(@RequestParam(required = false) String id, @RequestParam(required = false) String name,
                  @RequestParam(required = false) String role, @RequestParam(required = false) String township,
                  @RequestParam(required = false) String phone, Model model, RedirectAttributes redirect) {
        CurrentUser user = CurrentUsers.current();
        try {
            WithPassword created = accounts.create(new AccountService.CreateRequest(blank(id), blank(name), blank(role), blank(township),
                    blank(phone)), user);
            oneTimePassword(redirect, created, "已新建" + created.account().name() + "的账号");
            return "redirect:/admin/accounts";
        } catch (ApiException e) {
            model.addAttribute("problem", text.problem(e));
            model.addAttribute("form", Map.of("id", nz(id), "name", nz(name), "role", nz(role), "township", nz(township), "phone", nz(phone)));
            return list(model);
        }
    }

    @PostMapping("/admin/accounts/{id}/enabled")
    String enable(@PathVariable String id, @RequestParam boolean enabled, Model model, RedirectAttributes redirect) {
        CurrentUser user = CurrentUsers.current();
        try {
            AccountView v = accounts.update(id, new AccountService.UpdateRequest(null, null, null, enabled), user);
            redirect.addFlashAttribute("notice", (enabled ? "已启用" : "已停用") + v.name() + "的账号。");
            return "redirect:/admin/accounts";
        } catch (ApiException e) {
            model.addAttribute("problem", text.problem(e));
            model.addAttribute("form", Map.of());
            return list(model);
        }
    }

    @PostMapping("/admin/accounts/{id}/reset-password")
    String reset(@PathVariable String id, RedirectAttributes redirect) {
        WithPassword reset = accounts.resetPassword(id, CurrentUsers.current());
        oneTimePassword(redirect, reset, "已重置" + reset.account().name() + "的密码");
        return "redirect:/admin/accounts";
    }

    /** The one-time password travels in the flash map: shown on the next page only, never again. */
    private static void oneTimePassword(RedirectAttributes redirect, WithPassword w, String what) {
        redirect.addFlashAttribute("notice", what + "。请把下面的一次性密码告诉本人,首次登录须修改;此密码只显示这一次。");
        redirect.addFlashAttribute("oneTimePassword", w.oneTimePassword());
        redirect.addFlashAttribute("oneTimeFor", w.account().name());
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
