package cn.jingyuan.relocation.security;

import java.io.IOException;
import java.util.Set;

import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Sits in the security filter chain, around CSRF protection and authorization: every refused request (403) to /api or the engine's
 * REST API is audited as a refusal, and every successful write (POST, PUT, PATCH, DELETE) as a write with who,
 * when and what (method, path, status). Services add the fields before and after for the records they change.
 */
class AuditFilter extends OncePerRequestFilter {

    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    /** Path segments to the entity names the services use, so one query finds a record's every entry. */
    static final java.util.Map<String, String> ENTITIES = java.util.Map.of("households", "household", "cases", "case", "tasks", "task",
            "batches", "batch", "plans", "plan", "villages", "village", "process-instance", "process-instance");

    private final AuditLog audit;

    AuditFilter(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } finally {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            String resource = resource(path);
            if (resource != null) {
                int status = response.getStatus();
                String actor = CurrentUsers.find().map(CurrentUser::id).orElse(null);
                String[] parts = resource.split("/");
                String entity = parts.length > 1 ? ENTITIES.getOrDefault(parts[1], parts[1]) : null;
                String entityId = parts.length > 2 ? parts[2] : null;
                String what = request.getMethod() + " " + path + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
                if (status == HttpServletResponse.SC_FORBIDDEN) {
                    audit.recordNow(actor, AuditAction.DENIED, entity, entityId, what, status);
                } else if (actor != null && WRITES.contains(request.getMethod()) && status < 400) {
                    audit.recordNow(actor, AuditAction.WRITE, entity, entityId, what, status);
                }
            }
        }
    }

    /**
     * The resource part of a path of one of the doors ({@code /households/7}, {@code /task/abc}), or null for a path
     * that is none: {@code /api}, {@code /engine-rest} and the webapps' APIs ({@code /camunda/api/engine/engine/default}
     * is Tasklist's and Cockpit's way into the engine REST API) are audited alike.
     */
    static String resource(String path) {
        String tasklist = "/camunda/api/engine/engine/default/";
        if (path.startsWith(tasklist)) {
            return path.substring(tasklist.length() - 1);
        }
        for (String door : new String[] {"/camunda/api/", "/engine-rest/", "/api/"}) {
            if (path.startsWith(door)) {
                return path.substring(door.length() - 1);
            }
        }
        return null;
    }
}
