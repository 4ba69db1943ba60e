package cn.jingyuan.relocation.layout;

import java.util.Map;

import org.springframework.context.annotation.Configuration;
import org.springframework.lang.NonNull;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import cn.jingyuan.relocation.security.AuditAction;
import cn.jingyuan.relocation.security.AuditLog;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.security.CurrentUsers;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The pages are a door like {@code /api}: a form a {@link PageController} refuses (it shows the page again with a
 * {@code problem}) answers 400, and every accepted write is in the audit trail with who, when and what, under the
 * same entity names as the API's entries (batch, plan, village, account, calendar).
 */
@Configuration(proxyBeanMethods = false)
class PageWriteAudit implements HandlerInterceptor, WebMvcConfigurer {

    private static final Map<String, String> ENTITIES = Map.of("approvals", "batch", "plans", "plan", "township", "village",
            "admin", "account");
    private static final String REFUSED = PageWriteAudit.class.getName() + ".refused";

    private final AuditLog audit;

    PageWriteAudit(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).excludePathPatterns("/api/**", "/webjars/**", "/_static/**", "/css/**", "/js/**", "/login", "/logout");
    }

    @Override
    public void postHandle(@NonNull HttpServletRequest request, @NonNull HttpServletResponse response, @NonNull Object handler,
                           ModelAndView mav) {
        if (isPageWrite(request, handler) && mav != null && mav.getModel().get("problem") != null) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            request.setAttribute(REFUSED, true);
        }
    }

    @Override
    public void afterCompletion(@NonNull HttpServletRequest request, @NonNull HttpServletResponse response, @NonNull Object handler,
                                Exception ex) {
        if (!isPageWrite(request, handler) || ex != null || request.getAttribute(REFUSED) != null || response.getStatus() >= 400) {
            return;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String[] parts = path.split("/");
        String first = parts.length > 1 ? parts[1] : "";
        String entity = ENTITIES.getOrDefault(first, first);
        String id = null;
        if (parts.length > 3 && ("villages".equals(parts[2]) || "admin".equals(first))) {
            entity = "admin".equals(first) ? ("calendar".equals(parts[2]) ? "calendar" : "account") : "village";
            id = parts[3];
        } else if (parts.length > 2) {
            id = parts[2];
        }
        String actor = CurrentUsers.find().map(CurrentUser::id).orElse(null);
        audit.recordNow(actor, AuditAction.WRITE, entity, id, "POST " + path + "(页面)", response.getStatus());
    }

    private static boolean isPageWrite(HttpServletRequest request, Object handler) {
        return "POST".equals(request.getMethod()) && handler instanceof HandlerMethod m
                && m.getBeanType().isAnnotationPresent(PageController.class);
    }
}
