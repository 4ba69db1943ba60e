package cn.jingyuan.relocation.security;

import java.io.IOException;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import cn.jingyuan.relocation.security.internal.AccountStateMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * After authentication, before access is decided, in every filter chain:
 * <ul>
 * <li>a browser session whose account changed since it logged in (password changed or reset, disabled, another role:
 * see {@link AccountStamp}) ends here, on whichever node, and the request goes on as nobody's (401, or the login
 * page); a request with HTTP Basic was checked against the database just now and needs no second look;</li>
 * <li>an account that still has its one-time password may only change it ({@code POST /api/me/password}), ask who
 * it is ({@code GET /api/session}), see the page that changes it ({@code /password}) and log out: anything else is
 * 403 until it does.</li>
 * </ul>
 */
class AccountStateFilter extends OncePerRequestFilter {

    private static final Set<String> ALLOWED_BEFORE_CHANGE = Set.of("/api/me/password", "/api/session", "/logout", "/login", "/password", "/");

    private final AccountStateMapper states;

    AccountStateFilter(AccountStateMapper states) {
        this.states = states;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        if (a != null && a.isAuthenticated() && a.getPrincipal() instanceof CurrentUser user && a.getDetails() instanceof AccountStamp stamp) {
            String header = request.getHeader("Authorization");
            boolean basic = header != null && header.regionMatches(true, 0, "Basic ", 0, 6);
            AccountStamp current = stamp;
            if (!basic) {
                var now = states.find(user.id());
                if (!stamp.stillValid(now)) {
                    SecurityContextHolder.clearContext();
                    HttpSession session = request.getSession(false);
                    if (session != null) {
                        session.invalidate();
                    }
                    chain.doFilter(request, response);
                    return;
                }
                current = AccountStamp.of(now);
            }
            String path = request.getRequestURI().substring(request.getContextPath().length());
            if (current.mustChangePassword() && !ALLOWED_BEFORE_CHANGE.contains(path) && !isAsset(path)) {
                SecurityConfig.writeProblem(response, HttpStatus.FORBIDDEN, "须先修改密码 (Password change required)",
                        "请先修改初始密码:POST /api/me/password (the one-time password must be changed first)");
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static boolean isAsset(String path) {
        return path.startsWith("/css/") || path.startsWith("/js/") || path.startsWith("/webjars/") || path.startsWith("/_static/")
                || path.equals("/favicon.ico") || path.equals("/error");
    }
}
