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
    @Operation(summary = "核验审计日志的哈希链:ok、checked(已核验条数)、firstBroken(第一处断链:id、seq、reason)、head(链头:seq、hash,"
            + "请抄存于库外作锚点);给出锚点 anchorSeq 与 anchorHash 时,另核对链上该条记录的哈希仍与锚点一致 (anchor) (admin)")
    AuditChain.Verification verify(@RequestParam(required = false) String anchorSeq, @RequestParam(required = false) String anchorHash) {
        return audit.verify(CurrentUsers.current(), anchor(anchorSeq, anchorHash));
    }

    /** The anchor of a verify request: both parameters or neither; a place from 1 on and a SHA-256 in hex. */
    private static AuditChain.Head anchor(String seq, String hash) {
        boolean noSeq = seq == null || seq.isBlank();
        boolean noHash = hash == null || hash.isBlank();
        if (noSeq && noHash) {
            return null;
        }
        if (noSeq) {
            throw ApiException.badRequest("anchorSeq 缺失:锚点须同时给出序号与哈希 (anchorSeq is required with anchorHash)");
        }
        if (noHash) {
            throw ApiException.badRequest("anchorHash 缺失:锚点须同时给出序号与哈希 (anchorHash is required with anchorSeq)");
        }
        long n;
        try {
            n = Long.parseLong(seq.strip());
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n < 1) {
            throw ApiException.badRequest("anchorSeq 应为从 1 起的整数 (must be a whole number from 1)");
        }
        if (!hash.strip().matches("[0-9a-fA-F]{64}")) {
            throw ApiException.badRequest("anchorHash 应为 64 位十六进制哈希 (must be 64 hexadecimal digits)");
        }
        return new AuditChain.Head(n, hash.strip().toLowerCase());
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
