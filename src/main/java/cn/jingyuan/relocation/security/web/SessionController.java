package cn.jingyuan.relocation.security.web;

import java.util.List;

import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.security.CurrentUsers;
import cn.jingyuan.relocation.security.Role;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@Tag(name = "session", description = "当前登录用户 (who is logged in)")
class SessionController {

    /** Who is logged in, with the CSRF token a browser page sends back on writes. */
    public record Session(String userId, String displayName, List<String> roles, List<String> roleLabels, String township,
                          String csrfHeader, String csrfToken) {
    }

    @GetMapping("/api/session")
    @Operation(summary = "当前用户、岗位、乡镇和CSRF令牌 (the current user and the CSRF token for browser writes)")
    Session session(CsrfToken csrf) {
        CurrentUser u = CurrentUsers.current();
        return new Session(u.id(), u.displayName(), u.roles().stream().map(Role::name).sorted().toList(),
                u.roles().stream().map(Role::label).sorted().toList(), u.townshipSlug(), csrf.getHeaderName(), csrf.getToken());
    }
}
