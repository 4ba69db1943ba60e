package cn.jingyuan.relocation.household.web;

import java.io.IOException;
import java.io.InputStream;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import cn.jingyuan.relocation.household.HouseholdDetail;
import cn.jingyuan.relocation.household.HouseholdQuery;
import cn.jingyuan.relocation.household.HouseholdRequest;
import cn.jingyuan.relocation.household.HouseholdService;
import cn.jingyuan.relocation.household.HouseholdSummary;
import cn.jingyuan.relocation.household.ImportResult;
import cn.jingyuan.relocation.household.LedgerService;
import cn.jingyuan.relocation.household.Stage;
import cn.jingyuan.relocation.security.Access;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.security.CurrentUsers;
import cn.jingyuan.relocation.operations.OperationTimers;
import cn.jingyuan.relocation.security.Role;
import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.shared.Coded;
import cn.jingyuan.relocation.shared.Downloads;
import cn.jingyuan.relocation.shared.PageRequest;
import cn.jingyuan.relocation.shared.PageResult;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/households")
@Tag(name = "households", description = "户籍台账 (household registry and ledgers)")
class HouseholdController {

    private final HouseholdService households;
    private final LedgerService ledgers;
    private final OperationTimers timers;

    HouseholdController(HouseholdService households, LedgerService ledgers, OperationTimers timers) {
        this.households = households;
        this.ledgers = ledgers;
        this.timers = timers;
    }

    @GetMapping
    @Operation(summary = "户列表 (household summaries, scoped to the caller's township)")
    PageResult<HouseholdSummary> list(@RequestParam(required = false) Integer year, @RequestParam(required = false) String township,
                                      @RequestParam(required = false) String stage, @RequestParam(required = false) String q,
                                      @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        Stage s = stage == null || stage.isBlank() ? null : Coded.lookup(Stage.class, stage)
                .orElseThrow(() -> ApiException.badRequest("未知阶段 " + stage + " (unknown stage)"));
        return households.list(new HouseholdQuery(year, township, s, q, PageRequest.of(page, size)), CurrentUsers.current());
    }

    @GetMapping("/{id}")
    @Operation(summary = "一户详情,含家庭成员;reveal=true 显示完整身份证号和电话(县局经办人、财政局,记入审计日志)")
    HouseholdDetail get(@PathVariable long id, @RequestParam(defaultValue = "false") boolean reveal) {
        return households.get(id, CurrentUsers.current(), reveal);
    }

    @PostMapping
    @Operation(summary = "登记一户并开启其案件 (register a household; its case opens)")
    ResponseEntity<HouseholdDetail> create(@RequestBody HouseholdRequest request) {
        CurrentUser user = CurrentUsers.current();
        Access.require(user, Role.OFFICER, Role.TASK_FORCE, Role.ADMIN);
        return ResponseEntity.status(HttpStatus.CREATED).body(households.create(request, user));
    }

    @PutMapping("/{id}")
    @Operation(summary = "修改一户 (update; carries the version read, 409 when stale)")
    HouseholdDetail update(@PathVariable long id, @RequestBody HouseholdRequest request) {
        CurrentUser user = CurrentUsers.current();
        Access.require(user, Role.OFFICER, Role.TASK_FORCE, Role.ADMIN);
        return households.update(id, request, user);
    }

    @PostMapping(path = "/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "导入台账 .xlsx/.xls/.csv,全部成功或全部不导入 (import a ledger, all or nothing)")
    ImportResult importLedger(@RequestPart("file") MultipartFile file) throws IOException {
        CurrentUser user = CurrentUsers.current();
        Access.require(user, Role.OFFICER, Role.TASK_FORCE, Role.ADMIN);
        if (file.getSize() > LedgerService.MAX_UPLOAD_BYTES) {
            throw new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, "文件过大 (Content Too Large)", "上传文件不能超过20MB (the upload limit is 20 MB)");
        }
        return timers.timeImport(() -> {
            try (InputStream in = file.getInputStream()) {
                return ledgers.importLedger(in, user);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @GetMapping("/export")
    @Operation(summary = "导出台账 (export the ledger of a year as xlsx or csv)")
    ResponseEntity<byte[]> export(@RequestParam int year, @RequestParam(required = false) String township,
                                  @RequestParam(required = false, defaultValue = "xlsx") String format) {
        CurrentUser user = CurrentUsers.current();
        Access.require(user, Role.OFFICER, Role.DEPUTY, Role.HEAD, Role.TASK_FORCE, Role.TOWNSHIP_LEAD, Role.ADMIN);
        LedgerService.Export e = ledgers.export(year, township, format, user);
        return Downloads.attachment(e.content(), e.contentType(), e.filename());
    }
}
