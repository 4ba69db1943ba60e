package cn.jingyuan.relocation.worklist.web;

import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import cn.jingyuan.relocation.operations.OperationTimers;
import cn.jingyuan.relocation.security.CurrentUsers;
import cn.jingyuan.relocation.shared.PageRequest;
import cn.jingyuan.relocation.shared.PageResult;
import cn.jingyuan.relocation.worklist.TaskForm;
import cn.jingyuan.relocation.worklist.TaskView;
import cn.jingyuan.relocation.worklist.Workload;
import cn.jingyuan.relocation.worklist.WorklistService;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api")
@Tag(name = "tasks", description = "待办任务与工作量 (task lists split across the working group)")
class TaskController {

    private final WorklistService worklist;
    private final OperationTimers timers;

    TaskController(WorklistService worklist, OperationTimers timers) {
        this.worklist = worklist;
        this.timers = timers;
    }

    @GetMapping("/tasks")
    @Operation(summary = "任务列表:mine 我的、group 本组待领、todo 我可办理的(mine+group)、all 我可见的全部、done 已办(最新在前,after 翻页) (task list)")
    Object list(@RequestParam(required = false) String scope, @RequestParam(required = false) String township,
                @RequestParam(required = false) String stage, @RequestParam(required = false) Boolean overdue,
                @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size,
                @RequestParam(required = false) String after) {
        if ("done".equals(scope)) {
            return worklist.done(after, PageRequest.of(page, size), CurrentUsers.current());
        }
        return worklist.list(scope, township, stage, overdue, PageRequest.of(page, size), CurrentUsers.current());
    }

    @GetMapping("/tasks/{id}/form")
    @Operation(summary = "任务表单字段及默认值 (the fields a completion takes)")
    TaskForm form(@PathVariable String id) {
        return worklist.form(id, CurrentUsers.current());
    }

    @PostMapping("/tasks/{id}/complete")
    @Operation(summary = "办理任务 (complete: {decision?, comment?, ...fields})")
    ResponseEntity<Void> complete(@PathVariable String id, @RequestBody(required = false) Map<String, Object> body) {
        timers.timeCompletion(() -> {
            worklist.complete(id, body, CurrentUsers.current());
            return null;
        });
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/tasks/{id}/claim")
    @Operation(summary = "认领 (claim; 409 when someone else holds it)")
    ResponseEntity<Void> claim(@PathVariable String id) {
        worklist.claim(id, CurrentUsers.current());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/tasks/{id}/unclaim")
    @Operation(summary = "退回认领 (release)")
    ResponseEntity<Void> unclaim(@PathVariable String id) {
        worklist.unclaim(id, CurrentUsers.current());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/tasks/{id}/assign")
    @Operation(summary = "指派 {userId} (township reviewer, officer)")
    ResponseEntity<Void> assign(@PathVariable String id, @RequestBody Map<String, String> body) {
        worklist.assign(id, body == null ? null : body.get("userId"), CurrentUsers.current());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/workload")
    @Operation(summary = "乡镇工作量:每人在办、逾期任务数 (open and overdue tasks per member)")
    Workload workload(@RequestParam(required = false) String township) {
        return worklist.workload(township, CurrentUsers.current());
    }

    @PostMapping("/workload/reassign")
    @Operation(summary = "一次转交某人的全部在办任务 {from, to, township?}")
    Map<String, Integer> reassign(@RequestBody Map<String, String> body) {
        return Map.of("reassigned", worklist.reassign(body.get("township"), body.get("from"), body.get("to"), CurrentUsers.current()));
    }
}
