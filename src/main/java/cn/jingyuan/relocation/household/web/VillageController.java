package cn.jingyuan.relocation.household.web;

import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import cn.jingyuan.relocation.household.HazardSite;
import cn.jingyuan.relocation.household.HouseholdService;
import cn.jingyuan.relocation.household.HouseholdService.VillageView;
import cn.jingyuan.relocation.household.Township;
import cn.jingyuan.relocation.household.TownshipDirectory;
import cn.jingyuan.relocation.security.Access;
import cn.jingyuan.relocation.security.AccountDirectory;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.security.CurrentUsers;
import cn.jingyuan.relocation.security.Groups;
import cn.jingyuan.relocation.security.Role;
import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.shared.FieldError;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api")
@Tag(name = "reference", description = "乡镇、村、包村干部、隐患点 (townships, villages, cadres, hazard sites)")
class VillageController {

    private final HouseholdService households;
    private final TownshipDirectory townships;
    private final AccountDirectory accounts;

    VillageController(HouseholdService households, TownshipDirectory townships, AccountDirectory accounts) {
        this.households = households;
        this.townships = townships;
        this.accounts = accounts;
    }

    @GetMapping("/townships")
    @Operation(summary = "泾源县的乡镇 (the county's townships)")
    List<Township> townships() {
        return townships.all();
    }

    @GetMapping("/villages")
    @Operation(summary = "村及其包村干部 (villages and their responsible cadre)")
    List<VillageView> villages(@RequestParam(required = false) String township) {
        return households.villages(township, CurrentUsers.current());
    }

    @PutMapping("/villages/{id}/cadre")
    @Operation(summary = "设置包村干部 {userId};userId 为空则取消 (township reviewer, officer)")
    VillageView setCadre(@PathVariable long id, @RequestBody Map<String, String> body) {
        CurrentUser user = CurrentUsers.current();
        Access.require(user, Role.TOWNSHIP_LEAD, Role.OFFICER, Role.ADMIN);
        String userId = body == null ? null : body.get("userId");
        VillageView village = households.villages(null, user).stream().filter(v -> v.id() == id).findFirst()
                .orElseThrow(() -> ApiException.notFound("没有这个村 (no such village)"));
        if (userId != null && !userId.isBlank()) {
            String slug = townships.byCode(village.townshipCode()).slug();
            boolean member = accounts.load(userId).map(u -> u.groups().contains(Groups.taskForce(slug))).orElse(false);
            if (!member) {
                throw ApiException.badRequest(userId + "不是" + village.townshipName() + "工作专班成员 (the cadre must be in the township's task force)",
                        List.of(new FieldError(null, "userId", userId, "不是本乡镇工作专班成员")));
            }
        }
        return households.setCadre(id, userId == null || userId.isBlank() ? null : userId.strip(), user);
    }

    @GetMapping("/hazard-sites")
    @Operation(summary = "地质灾害隐患点 (hazard sites)")
    List<HazardSite> hazardSites(@RequestParam(required = false) String township) {
        return households.hazardSites(township);
    }
}
