package cn.jingyuan.relocation.security.web;

import java.util.List;
import java.util.stream.Collectors;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import cn.jingyuan.relocation.household.Township;
import cn.jingyuan.relocation.household.TownshipDirectory;
import cn.jingyuan.relocation.layout.PageController;
import cn.jingyuan.relocation.security.Access;
import cn.jingyuan.relocation.security.AccountDirectory;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.security.CurrentUsers;
import cn.jingyuan.relocation.security.Role;

/**
 * 系统管理 - 账号: every account with its name, login name, role and township. Creating, disabling and resetting
 * passwords join here with the accounts service ({@code /api/accounts}) when it is on main.
 */
@PageController
class AccountPageController {

    private final AccountDirectory accounts;
    private final TownshipDirectory townships;

    AccountPageController(AccountDirectory accounts, TownshipDirectory townships) {
        this.accounts = accounts;
        this.townships = townships;
    }

    record Line(String id, String name, String roleLabel, String townshipName) {
    }

    @GetMapping("/admin/accounts")
    String list(Model model) {
        CurrentUser user = CurrentUsers.current();
        Access.require(user, Role.ADMIN);
        List<Line> lines = accounts.all().stream().map(a -> new Line(a.id(), a.displayName().equals(a.id()) ? "(未登记姓名)" : a.displayName(),
                a.roles().isEmpty() ? "未分配岗位" : a.roles().stream().sorted().map(Role::label).collect(Collectors.joining("、")),
                a.townshipSlug() == null ? "县级" : townships.find(a.townshipSlug()).map(Township::name).orElse(""))).toList();
        model.addAttribute("accounts", lines);
        return "admin/accounts";
    }
}
