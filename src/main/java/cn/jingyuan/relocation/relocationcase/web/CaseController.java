package cn.jingyuan.relocation.relocationcase.web;

import java.util.List;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import cn.jingyuan.relocation.household.HouseholdSummary;
import cn.jingyuan.relocation.household.TownshipDirectory;
import cn.jingyuan.relocation.relocationcase.CaseDocuments;
import cn.jingyuan.relocation.relocationcase.RelocationCaseService;
import cn.jingyuan.relocation.relocationcase.CaseView;
import cn.jingyuan.relocation.security.Access;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.security.CurrentUsers;
import cn.jingyuan.relocation.security.Role;
import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.shared.Downloads;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api")
@Tag(name = "cases", description = "搬迁案件 (relocation cases)")
class CaseController {

    private final RelocationCaseService cases;
    private final CaseDocuments documents;
    private final TownshipDirectory townships;

    CaseController(RelocationCaseService cases, CaseDocuments documents, TownshipDirectory townships) {
        this.cases = cases;
        this.documents = documents;
        this.townships = townships;
    }

    @GetMapping("/cases/{caseNo}")
    @Operation(summary = "案件:阶段、待办任务和办理历史 (stage, open tasks, history)")
    CaseView get(@PathVariable String caseNo) {
        return cases.view(caseNo, CurrentUsers.current());
    }

    @PostMapping("/cases/{caseNo}/objections")
    @Operation(summary = "公示期内登记异议 {content, raisedBy?} (opens the objection check)")
    CaseView objection(@PathVariable String caseNo, @RequestBody Map<String, String> body) {
        CurrentUser user = CurrentUsers.current();
        Access.require(user, Role.TASK_FORCE, Role.TOWNSHIP_LEAD, Role.OFFICER, Role.ADMIN);
        return cases.raiseObjection(caseNo, body.get("content"), body.get("raisedBy"), user);
    }

    @PostMapping("/cases/{caseNo}/withdraw")
    @Operation(summary = "撤销案件 {reason} (officer)")
    CaseView withdraw(@PathVariable String caseNo, @RequestBody Map<String, String> body) {
        CurrentUser user = CurrentUsers.current();
        Access.require(user, Role.OFFICER, Role.ADMIN);
        return cases.withdraw(caseNo, body.get("reason"), user);
    }

    @PostMapping("/cases/{caseNo}/reopen")
    @Operation(summary = "重新开启不愿搬迁的案件 {reason} (officer)")
    CaseView reopen(@PathVariable String caseNo, @RequestBody Map<String, String> body) {
        CurrentUser user = CurrentUsers.current();
        Access.require(user, Role.OFFICER, Role.ADMIN);
        return cases.reopen(caseNo, body.get("reason"), user);
    }

    @GetMapping("/cases/{caseNo}/file")
    @Operation(summary = "一户一档 (the case file as one printable HTML document)")
    ResponseEntity<byte[]> file(@PathVariable String caseNo) {
        return Downloads.attachment(documents.caseFile(caseNo, CurrentUsers.current()), "text/html;charset=UTF-8",
                "一户一档-" + caseNo + ".html");
    }

    @GetMapping("/public-notices")
    @Operation(summary = "村级公示名单 (printable notice list of a village: HTML or xlsx; no identity or phone numbers)")
    ResponseEntity<byte[]> notice(@RequestParam int year, @RequestParam String township, @RequestParam String village,
                                  @RequestParam(required = false, defaultValue = "html") String format) {
        CurrentUser user = CurrentUsers.current();
        String townshipName = townships.require(township).name();
        List<HouseholdSummary> list = documents.noticeList(year, township, village, user);
        if ("xlsx".equalsIgnoreCase(format)) {
            return Downloads.attachment(documents.noticeXlsx(year, townshipName, village, list), Downloads.XLSX,
                    townshipName + village + year + "年度搬迁公示.xlsx");
        }
        if (!"html".equalsIgnoreCase(format)) {
            throw ApiException.badRequest("format 只能是 html 或 xlsx");
        }
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/html;charset=UTF-8"))
                .body(documents.noticeHtml(year, townshipName, village, list));
    }
}
