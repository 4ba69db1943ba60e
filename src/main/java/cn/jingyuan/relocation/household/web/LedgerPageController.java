package cn.jingyuan.relocation.household.web;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.multipart.MultipartFile;

import cn.jingyuan.relocation.household.HouseholdQuery;
import cn.jingyuan.relocation.household.HouseholdService;
import cn.jingyuan.relocation.household.HouseholdSummary;
import cn.jingyuan.relocation.household.ImportResult;
import cn.jingyuan.relocation.household.LedgerService;
import cn.jingyuan.relocation.household.Stage;
import cn.jingyuan.relocation.household.TownshipDirectory;
import cn.jingyuan.relocation.layout.NavItem;
import cn.jingyuan.relocation.layout.PageController;
import cn.jingyuan.relocation.layout.PageErrors;
import cn.jingyuan.relocation.security.Access;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.security.CurrentUsers;
import cn.jingyuan.relocation.security.Role;
import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.shared.Coded;
import cn.jingyuan.relocation.shared.FieldError;
import cn.jingyuan.relocation.shared.PageRequest;
import cn.jingyuan.relocation.shared.PageResult;

/**
 * 搬迁户台账: search the registry, import a ledger (every bad row shown with its row, column, value and message),
 * export the ledger as xlsx or csv. The page calls the services {@code /api/households} calls, so the caller's
 * township scopes what is listed, imported and exported here exactly as there.
 */
@PageController
class LedgerPageController {

    static final int PAGE_SIZE = 20;
    private static final Role[] IMPORTERS = {Role.OFFICER, Role.TASK_FORCE, Role.ADMIN};
    private static final Role[] READERS = {Role.OFFICER, Role.DEPUTY, Role.HEAD, Role.TASK_FORCE, Role.TOWNSHIP_LEAD, Role.ADMIN};

    private final HouseholdService households;
    private final LedgerService ledgers;
    private final TownshipDirectory townships;

    private final Clock clock;

    LedgerPageController(HouseholdService households, LedgerService ledgers, TownshipDirectory townships, Clock clock) {
        this.clock = clock;
        this.households = households;
        this.ledgers = ledgers;
        this.townships = townships;
    }

    /** One bad cell of a refused ledger, as the page shows it. */
    record ErrorRow(String row, String column, String value, String message) {
    }

    @GetMapping("/ledger")
    String ledger(@RequestParam(required = false) Integer year, @RequestParam(required = false) String township,
                  @RequestParam(required = false) String stage, @RequestParam(required = false) String q,
                  @RequestParam(required = false) Integer page, Model model) {
        CurrentUser user = CurrentUsers.current();
        Access.require(user, READERS);
        list(user, year, township, stage, q, page, model);
        return "household/ledger";
    }

    @PostMapping("/ledger/import")
    String importLedger(@RequestPart(name = "file", required = false) MultipartFile file, Model model) {
        CurrentUser user = CurrentUsers.current();
        Access.require(user, IMPORTERS);
        try {
            if (file == null || file.isEmpty()) {
                throw ApiException.invalid("请选择要导入的台账文件", List.of());
            }
            if (file.getSize() > LedgerService.MAX_UPLOAD_BYTES) {
                throw ApiException.invalid("上传文件不能超过20MB", List.of());
            }
            ImportResult result;
            try (InputStream in = file.getInputStream()) {
                result = ledgers.importLedger(in, user);
            }
            model.addAttribute("imported", result);
        } catch (ApiException e) {
            model.addAttribute("importFailed", PageErrors.chineseOnly(e.getMessage()));
            model.addAttribute("importErrors", e.errors().stream().map(LedgerPageController::errorRow).toList());
        } catch (IOException e) {
            model.addAttribute("importFailed", "读取上传的文件失败,请重新选择文件后再试");
            model.addAttribute("importErrors", List.of());
        }
        model.addAttribute("fileName", file == null ? null : file.getOriginalFilename());
        list(user, null, null, null, null, null, model);
        return "household/ledger";
    }

    private static ErrorRow errorRow(FieldError e) {
        return new ErrorRow(e.row() == null ? "整个文件" : "第" + e.row() + "行", e.field() == null ? "" : e.field(),
                e.value() == null ? "" : e.value(), PageErrors.chineseOnly(e.message()));
    }

    private void list(CurrentUser user, Integer year, String township, String stage, String q, Integer page, Model model) {
        int y = year == null ? LocalDate.now(clock).getYear() : year;
        String t = user.isCountyWide() && township != null && !township.isBlank() ? township : null;
        Stage s = stage == null || stage.isBlank() ? null : Coded.lookup(Stage.class, stage).orElse(null);
        String text = q == null || q.isBlank() ? null : q.strip();
        PageResult<HouseholdSummary> result = households.list(new HouseholdQuery(y, t, s, text, PageRequest.of(page, PAGE_SIZE)), user);
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("year", y);
        filter.put("township", t == null ? "" : t);
        filter.put("stage", s == null ? "" : s.name());
        filter.put("q", text == null ? "" : text);
        model.addAttribute("filter", filter);
        model.addAttribute("rows", result.items());
        model.addAttribute("total", result.total());
        model.addAttribute("page", result.page());
        model.addAttribute("pages", (result.total() + PAGE_SIZE - 1) / PAGE_SIZE);
        model.addAttribute("countyWide", user.isCountyWide());
        model.addAttribute("townships", townships.all());
        model.addAttribute("stages", Stage.values());
        model.addAttribute("mayImport", user.hasAny(IMPORTERS));
        model.addAttribute("years", List.of(y - 2, y - 1, y, y + 1, y + 2));
    }

    @Configuration(proxyBeanMethods = false)
    static class Pages {

        @Bean
        NavItem ledgerNav() {
            return NavItem.of("搬迁户台账", "/ledger", 30, READERS);
        }
    }
}
