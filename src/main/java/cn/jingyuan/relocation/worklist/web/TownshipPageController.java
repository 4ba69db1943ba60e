package cn.jingyuan.relocation.worklist.web;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import cn.jingyuan.relocation.household.HouseholdService;
import cn.jingyuan.relocation.household.HouseholdService.VillageView;
import cn.jingyuan.relocation.household.Township;
import cn.jingyuan.relocation.household.TownshipDirectory;
import cn.jingyuan.relocation.layout.NavItem;
import cn.jingyuan.relocation.layout.PageText;
import cn.jingyuan.relocation.layout.PageText.Problem;
import cn.jingyuan.relocation.layout.PageController;
import cn.jingyuan.relocation.security.Access;
import cn.jingyuan.relocation.security.AccountDirectory;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.security.CurrentUsers;
import cn.jingyuan.relocation.security.Groups;
import cn.jingyuan.relocation.security.Role;
import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.worklist.Workload;
import cn.jingyuan.relocation.worklist.WorklistService;

/**
 * 乡镇管理 (the township reviewer; the officer and admin pick a township): each village's responsible task-force
 * member (包村干部), the working group's open and overdue steps per person, and moving every step one person holds to
 * another (批量转交), through the same services as {@code PUT /api/villages/{id}/cadre} and {@code /api/tasks/workload}.
 */
@PageController
class TownshipPageController {

    private final HouseholdService households;
    private final WorklistService worklist;
    private final TownshipDirectory townships;
    private final AccountDirectory accounts;
    private final PageText text;

    TownshipPageController(HouseholdService households, WorklistService worklist, TownshipDirectory townships, AccountDirectory accounts,
                           PageText text) {
        this.households = households;
        this.worklist = worklist;
        this.townships = townships;
        this.accounts = accounts;
        this.text = text;
    }

    record Person(String id, String name) {
    }

    record VillageLine(long id, String name, String cadreId, String cadreName) {
    }

    @GetMapping("/township")
    String page(@RequestParam(required = false) String township, Model model) {
        CurrentUser user = CurrentUsers.current();
        Access.require(user, Role.TOWNSHIP_LEAD, Role.OFFICER, Role.ADMIN);
        Township t = township(township, user);
        Function<String, String> names = text.names();
        List<Person> taskForce = accounts.membersOf(Groups.taskForce(t.slug())).stream().map(id -> new Person(id, names.apply(id))).toList();
        List<VillageLine> villages = households.villages(t.code(), user).stream()
                .map(v -> new VillageLine(v.id(), v.name(), v.cadreUserId(), v.cadreUserId() == null ? null : names.apply(v.cadreUserId()))).toList();
        Workload workload = worklist.workload(t.code(), user);
        model.addAttribute("township", t);
        model.addAttribute("countyWide", user.isCountyWide());
        model.addAttribute("townships", townships.all());
        model.addAttribute("villages", villages);
        model.addAttribute("taskForce", taskForce);
        model.addAttribute("workload", workload);
        model.addAttribute("members", workload.members().stream().map(m -> new Person(m.userId(), names.apply(m.userId()))).toList());
        if (!model.containsAttribute("problem")) {
            model.addAttribute("problem", null);
        }
        return "township/manage";
    }

    /** Sets or clears ({@code userId} empty) a village's 包村干部: a member of that township's task force. */
    @PostMapping("/township/villages/{id}/cadre")
    String cadre(@PathVariable long id, @RequestParam(required = false) String userId, @RequestParam(required = false) String township,
                 Model model, RedirectAttributes redirect) {
        CurrentUser user = CurrentUsers.current();
        Access.require(user, Role.TOWNSHIP_LEAD, Role.OFFICER, Role.ADMIN);
        VillageView village = households.villages(null, user).stream().filter(v -> v.id() == id).findFirst()
                .orElseThrow(() -> ApiException.notFound("没有这个村"));
        String slug = townships.byCode(village.townshipCode()).slug();
        String cadre = userId == null || userId.isBlank() ? null : userId.strip();
        if (cadre != null && !accounts.membersOf(Groups.taskForce(slug)).contains(cadre)) {
            model.addAttribute("problem", new Problem("包村干部须是" + village.townshipName() + "工作专班成员。", Map.of("cadre." + id, "不是本乡镇工作专班成员")));
            return page(village.townshipCode(), model);
        }
        households.setCadre(id, cadre, user);
        redirect.addFlashAttribute("notice", cadre == null ? village.name() + "已取消包村干部。" : village.name() + "的包村干部已设为" + text.name(cadre) + "。");
        return "redirect:/township" + (user.isCountyWide() ? "?township=" + village.townshipCode() : "");
    }

    /** Moves every open step {@code from} holds in the township to {@code to}. */
    @PostMapping("/township/reassign")
    String reassign(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                    @RequestParam(required = false) String township, Model model, RedirectAttributes redirect) {
        CurrentUser user = CurrentUsers.current();
        Access.require(user, Role.TOWNSHIP_LEAD, Role.OFFICER, Role.ADMIN);
        Township t = township(township, user);
        Problem problem;
        if (from == null || from.isBlank() || to == null || to.isBlank() || from.equals(to)) {
            problem = new Problem("请选择转出人和接收人(两人不能相同)。", Map.of("to", "请选择另一位接收人"));
        } else {
            try {
                int moved = worklist.reassign(t.code(), from, to, user);
                redirect.addFlashAttribute("notice", "已将" + text.name(from) + "的" + moved + "项在办任务转交给" + text.name(to) + "。");
                return "redirect:/township" + (user.isCountyWide() ? "?township=" + t.code() : "");
            } catch (ApiException e) {
                problem = text.problem(e);
            }
        }
        model.addAttribute("problem", problem);
        return page(t.code(), model);
    }

    private Township township(String township, CurrentUser user) {
        if (!user.isCountyWide()) {
            return townships.find(user.townshipSlug()).orElseThrow();
        }
        return township == null || township.isBlank() ? townships.all().get(0) : townships.require(township);
    }

    @Configuration(proxyBeanMethods = false)
    static class Pages {

        @Bean
        NavItem townshipNav() {
            return NavItem.of("乡镇管理", "/township", 60, Role.TOWNSHIP_LEAD, Role.OFFICER, Role.ADMIN);
        }
    }
}
