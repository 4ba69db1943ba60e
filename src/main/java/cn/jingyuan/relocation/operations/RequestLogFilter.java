package cn.jingyuan.relocation.operations;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import cn.jingyuan.relocation.shared.DatabaseUnavailable;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The outermost filter after the start-up gate, before the session and security filters:
 * <ul>
 * <li>gives the request an id ({@code X-Request-Id} from the load balancer when it sends a sane one, else a new one),
 * puts it in the log context ({@code requestId}) and in the answer's {@code X-Request-Id}; {@link UserLogContext}
 * adds the user once known. Every log line of the request carries both.</li>
 * <li>turns a failure that escapes everything else because the database is out of reach (the session store, the
 * login's password check) into 503 with {@code Retry-After} instead of a 500.</li>
 * </ul>
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class RequestLogFilter extends OncePerRequestFilter {

    static final String HEADER = "X-Request-Id";
    static final String REQUEST_ID = "requestId";
    static final String USER = "user";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{8,64}");
    private static final Logger log = LoggerFactory.getLogger(RequestLogFilter.class);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String given = request.getHeader(HEADER);
        String id = given != null && SANE.matcher(given).matches() ? given : UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        MDC.put(REQUEST_ID, id);
        response.setHeader(HEADER, id);
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException e) {
            if (response.isCommitted() || !DatabaseUnavailable.isOrDatabaseDown(e)) {
                throw e;
            }
            log.warn("database unavailable: {} {}: {}", request.getMethod(), request.getRequestURI(), e.toString());
            unavailable(response);
        } finally {
            MDC.remove(REQUEST_ID);
            MDC.remove(USER);
        }
    }

    static void unavailable(HttpServletResponse response) throws IOException {
        response.resetBuffer();
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader("Retry-After", Integer.toString(DatabaseUnavailable.RETRY_AFTER_SECONDS));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"type\":\"about:blank\",\"status\":503,\"title\":\"" + DatabaseUnavailable.TITLE
                + "\",\"detail\":\"" + DatabaseUnavailable.DETAIL + "\"}");
    }
}
