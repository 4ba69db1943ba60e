package cn.jingyuan.relocation.steps.web;

import java.util.List;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import cn.jingyuan.relocation.steps.Copies;
import cn.jingyuan.relocation.steps.CopyView;
import cn.jingyuan.relocation.steps.ReturnTarget;
import cn.jingyuan.relocation.steps.StepOperations;
import cn.jingyuan.relocation.security.CurrentUsers;
import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.shared.FieldError;
import cn.jingyuan.relocation.shared.PageRequest;
import cn.jingyuan.relocation.shared.PageResult;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api")
@Tag(name = "step operations", description = "退回、撤回、转办、委派、加签、催办、抄送 (everyday operations on a step)")
class StepOperationsController {

    private final StepOperations operations;
    private final Copies copies;

    StepOperationsController(StepOperations operations, Copies copies) {
        this.operations = operations;
        this.copies = copies;
    }

    @GetMapping("/tasks/{id}/return-targets")
    @Operation(summary = "可退回的环节:本案件经过的环节及其最后办理人 (steps the case visited)")
    List<ReturnTarget> returnTargets(@PathVariable String id) {
        return operations.returnTargets(id, CurrentUsers.current());
    }

    @PostMapping("/tasks/{id}/return")
    @Operation(summary = "退回 {target, reason}: 退回到经过的环节,由最后办理人重新办理")
    ResponseEntity<Void> returnTo(@PathVariable String id, @RequestBody(required = false) Map<String, Object> body) {
        operations.returnTo(id, text(body, "target"), text(body, "reason"), CurrentUsers.current());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/cases/{caseNo}/recall")
    @Operation(summary = "撤回 {reason}: 取回自己刚办理的环节(下一环节未被认领、办理或提出意见时)")
    ResponseEntity<Void> recall(@PathVariable String caseNo, @RequestBody(required = false) Map<String, Object> body) {
        operations.recall(caseNo, text(body, "reason"), CurrentUsers.current());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/tasks/{id}/transfer")
    @Operation(summary = "转办 {userId, reason?}: 转给同一乡镇、同一岗位的人")
    ResponseEntity<Void> transfer(@PathVariable String id, @RequestBody(required = false) Map<String, Object> body) {
        operations.transfer(id, text(body, "userId"), text(body, "reason"), CurrentUsers.current());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/tasks/{id}/delegate")
    @Operation(summary = "委派 {userId, comment?}: 请本乡镇或县级人员提出意见,答复后任务回到本人")
    ResponseEntity<Void> delegate(@PathVariable String id, @RequestBody(required = false) Map<String, Object> body) {
        operations.delegate(id, text(body, "userId"), text(body, "comment"), CurrentUsers.current());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/tasks/{id}/resolve")
    @Operation(summary = "答复委派 {comment}")
    ResponseEntity<Void> resolve(@PathVariable String id, @RequestBody(required = false) Map<String, Object> body) {
        operations.resolve(id, text(body, "comment"), CurrentUsers.current());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/tasks/{id}/cosigners")
    @Operation(summary = "加签人及其意见")
    List<StepOperations.Cosigner> cosigners(@PathVariable String id) {
        return operations.cosigners(id, CurrentUsers.current());
    }

    @PostMapping("/tasks/{id}/cosigners")
    @Operation(summary = "加签 {userIds, comment?}: 每位加签人提出意见后才能办理")
    ResponseEntity<Void> addCosigners(@PathVariable String id, @RequestBody(required = false) Map<String, Object> body) {
        Object ids = body == null ? null : body.get("userIds");
        if (ids != null && !(ids instanceof List<?>)) {
            throw ApiException.badRequest("userIds 应为用户列表 (userIds must be a list)", List.of(FieldError.of("userIds", "应为列表")));
        }
        List<String> userIds = ids == null ? null : ((List<?>) ids).stream().map(o -> o == null ? null : o.toString()).toList();
        operations.addCosigners(id, userIds, text(body, "comment"), CurrentUsers.current());
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/tasks/{id}/cosigners/{userId}")
    @Operation(summary = "减签")
    ResponseEntity<Void> removeCosigner(@PathVariable String id, @PathVariable String userId) {
        operations.removeCosigner(id, userId, CurrentUsers.current());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/tasks/{id}/opinion")
    @Operation(summary = "加签意见 {comment}")
    ResponseEntity<Void> opinion(@PathVariable String id, @RequestBody(required = false) Map<String, Object> body) {
        operations.opinion(id, text(body, "comment"), CurrentUsers.current());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/tasks/{id}/urge")
    @Operation(summary = "催办 {message?} (本乡镇分管领导、县局经办人、管理员)")
    ResponseEntity<Void> urge(@PathVariable String id, @RequestBody(required = false) Map<String, Object> body) {
        operations.urge(id, text(body, "message"), CurrentUsers.current());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/copies")
    @Operation(summary = "抄送我的 (?unread=true 仅未读)")
    PageResult<CopyView> copies(@RequestParam(required = false) Boolean unread, @RequestParam(required = false) Integer page,
                                @RequestParam(required = false) Integer size) {
        return copies.mine(unread, PageRequest.of(page, size), CurrentUsers.current());
    }

    @PostMapping("/copies/{id}/read")
    @Operation(summary = "标记抄送为已读")
    ResponseEntity<Void> read(@PathVariable long id) {
        copies.markRead(id, CurrentUsers.current());
        return ResponseEntity.noContent().build();
    }

    private static String text(Map<String, Object> body, String field) {
        Object v = body == null ? null : body.get(field);
        if (v != null && !(v instanceof String)) {
            throw ApiException.badRequest(field + " 应为文本 (" + field + " must be text)", List.of(FieldError.of(field, "应为文本")));
        }
        return (String) v;
    }
}
