package cn.jingyuan.relocation.security.web;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import cn.jingyuan.relocation.security.AccountService;
import cn.jingyuan.relocation.security.AccountService.AccountView;
import cn.jingyuan.relocation.security.AccountService.CreateRequest;
import cn.jingyuan.relocation.security.AccountService.UpdateRequest;
import cn.jingyuan.relocation.security.AccountService.WithPassword;
import cn.jingyuan.relocation.security.AccountStamp;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.security.CurrentUsers;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

@RestController
@Tag(name = "accounts", description = "账号与密码 (accounts and passwords)")
class AccountController {

    public record PasswordChange(String oldPassword, String newPassword) {
    }

    private final AccountService accounts;

    AccountController(AccountService accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/api/accounts")
    @Operation(summary = "账号列表:管理员看全部,乡镇分管领导看本乡镇工作专班 (accounts: all for admin, own task force for a township reviewer)")
    List<AccountView> list() {
        return accounts.list(CurrentUsers.current());
    }

    @PostMapping("/api/accounts")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "新建账号,返回一次性密码(仅此一次),首次登录须修改 (admin; the one-time password is in this answer only)")
    WithPassword create(@RequestBody(required = false) CreateRequest request) {
        return accounts.create(request, CurrentUsers.current());
    }

    @PutMapping("/api/accounts/{id}")
    @Operation(summary = "修改姓名、岗位、乡镇或停用/启用,立即生效 (admin; takes effect at once on every node)")
    AccountView update(@PathVariable String id, @RequestBody(required = false) UpdateRequest request) {
        return accounts.update(id, request, CurrentUsers.current());
    }

    @PostMapping("/api/accounts/{id}/reset-password")
    @Operation(summary = "重置密码为一次性密码,首次登录须修改 (admin)")
    WithPassword resetPassword(@PathVariable String id) {
        return accounts.resetPassword(id, CurrentUsers.current());
    }

    @PostMapping("/api/me/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "修改自己的密码:至少10个字符,不能与账号相同,不能是常见密码 (400 names the rule)")
    void changePassword(@RequestBody(required = false) PasswordChange body, HttpServletRequest request) {
        CurrentUser me = CurrentUsers.current();
        accounts.changeOwnPassword(me, body == null ? null : body.oldPassword(), body == null ? null : body.newPassword(), request.getRemoteAddr());
        // this session goes on with the new password; every other session of the account ends at its next request
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        if (a instanceof AbstractAuthenticationToken token) {
            token.setDetails(AccountStamp.of(accounts.state(me.id())));
            HttpSession session = request.getSession(false);
            if (session != null) {
                // stored again, so a session kept in the database (Spring Session) keeps the new stamp too
                session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY, SecurityContextHolder.getContext());
            }
        }
    }
}
