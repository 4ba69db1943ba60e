package cn.jingyuan.relocation.security.web;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import cn.jingyuan.relocation.security.AuditEntry;
import cn.jingyuan.relocation.security.AuditLog;
import cn.jingyuan.relocation.security.CurrentUsers;
import cn.jingyuan.relocation.security.internal.AuditChain;
import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.shared.PageRequest;
import cn.jingyuan.relocation.shared.PageResult;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/audit")
@Tag(name = "audit", description = "审计日志 (the append-only audit trail; admin only)")
class AuditController {

    private final AuditLog audit;

    AuditController(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping
    @Operation(summary = "审计日志:entity、entityId、user、from、to(日期或日期时间) (admin)")
    PageResult<AuditEntry> find(@RequestParam(required = false) String entity, @RequestParam(required = false) String entityId,
                                @RequestParam(required = false) String user, @RequestParam(required = false) String from,
                                @RequestParam(required = false) String to, @RequestParam(required = false) Integer page,
                                @RequestParam(required = false) Integer size) {
        return audit.find(entity, entityId, user, time(from, "from"), time(to, "to"), PageRequest.of(page, size), CurrentUsers.current());
    }

    @GetMapping("/verify")
    @Operation(summary = "核验审计日志的哈希链:ok、checked(已核验条数)、firstBroken(第一处断链:id、seq、reason) (admin)")
    AuditChain.Verification verify() {
        return audit.verify(CurrentUsers.current());
    }

    private static LocalDateTime time(String s, String name) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return s.length() == 10 ? LocalDate.parse(s).atStartOfDay().plusDays("to".equals(name) ? 1 : 0) : LocalDateTime.parse(s);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " 应为日期或日期时间,如 2025-05-20 或 2025-05-20T08:30:00 (must be ISO-8601)");
        }
    }
}
