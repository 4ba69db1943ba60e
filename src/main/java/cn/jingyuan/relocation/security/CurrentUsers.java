package cn.jingyuan.relocation.security;

import java.util.Optional;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import cn.jingyuan.relocation.shared.ApiException;

import org.springframework.http.HttpStatus;

/** Where code finds the {@link CurrentUser} of the request it serves. */
public final class CurrentUsers {

    private CurrentUsers() {
    }

    /** The authenticated user; 401 when there is none. */
    public static CurrentUser current() {
        return find().orElseThrow(() -> new ApiException(HttpStatus.UNAUTHORIZED, "未登录 (Unauthorized)", "请先登录 (log in first)"));
    }

    public static Optional<CurrentUser> find() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        if (a != null && a.getPrincipal() instanceof CurrentUser u) {
            return Optional.of(u);
        }
        return Optional.empty();
    }

    /** The user id to write into created_by / updated_by: the caller, or "system" outside a request. */
    public static String idOrSystem() {
        return find().map(CurrentUser::id).orElse("system");
    }
}
