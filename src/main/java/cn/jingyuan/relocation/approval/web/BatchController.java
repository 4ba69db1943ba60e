package cn.jingyuan.relocation.approval.web;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import cn.jingyuan.relocation.approval.BatchDocuments;
import cn.jingyuan.relocation.approval.BatchRequest;
import cn.jingyuan.relocation.approval.BatchService;
import cn.jingyuan.relocation.approval.BatchView;
import cn.jingyuan.relocation.approval.DecisionRequest;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.security.CurrentUsers;
import cn.jingyuan.relocation.shared.Downloads;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/batches")
@Tag(name = "batches", description = "领导批次审批 (leaders approve batches)")
class BatchController {

    private final BatchService batches;
    private final BatchDocuments documents;

    BatchController(BatchService batches, BatchDocuments documents) {
        this.batches = batches;
        this.documents = documents;
    }

    @GetMapping("/candidates")
    @Operation(summary = "待领导审批、尚未列入批次的案件 (cases waiting for approval)")
    List<BatchView.BatchCase> candidates(@RequestParam int year) {
        return batches.candidates(year, CurrentUsers.current());
    }

    @GetMapping
    @Operation(summary = "批次列表 (batches of a year)")
    List<BatchView> list(@RequestParam(required = false) Integer year, @RequestParam(required = false) String status) {
        return batches.list(year, status, CurrentUsers.current());
    }

    @GetMapping("/export")
    @Operation(summary = "批次列表 xlsx (the batch list as a workbook)")
    ResponseEntity<byte[]> export(@RequestParam(required = false) Integer year) {
        List<BatchView> list = batches.list(year, null, CurrentUsers.current());
        return Downloads.attachment(documents.list(list), Downloads.XLSX, (year == null ? "" : year + "年度") + "避险搬迁审批批次.xlsx");
    }

    @PostMapping
    @Operation(summary = "组成批次 {year, title, caseNos} (officer; 409 names offending cases)")
    ResponseEntity<BatchView> create(@RequestBody BatchRequest request) {
        return ResponseEntity.status(HttpStatus.CREATED).body(batches.create(request, CurrentUsers.current()));
    }

    @GetMapping("/{id}")
    @Operation(summary = "批次详情:户数、人数、补助总额、分乡镇和安置方式统计、案件(身份证号脱敏)、审批经过、推进进度")
    BatchView get(@PathVariable long id) {
        return batches.view(id, CurrentUsers.current());
    }

    @GetMapping("/{id}/sheet")
    @Operation(summary = "审批表 (printable approval sheet, HTML)")
    ResponseEntity<byte[]> sheet(@PathVariable long id) {
        BatchView b = batches.view(id, CurrentUsers.current());
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/html;charset=UTF-8")).body(documents.sheet(b));
    }

    @PostMapping("/{id}/decision")
    @Operation(summary = "领导审批 {decision, excludedCaseNos?, comment, documentNo?} (the leader whose turn it is; 403 for anyone else)")
    BatchView decide(@PathVariable long id, @RequestBody DecisionRequest request) {
        CurrentUser user = CurrentUsers.current();
        return batches.decide(id, request, user);
    }

    @PostMapping("/{id}/withdraw")
    @Operation(summary = "撤回批次 (the author, before the first decision)")
    BatchView withdraw(@PathVariable long id) {
        return batches.withdraw(id, CurrentUsers.current());
    }
}
