package cn.jingyuan.relocation.shared;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Holds requests that arrive while the application is still starting (the web server listens before the process
 * application has deployed and the accounts and demo data are in place) until it is ready to serve them, so
 * nobody sees a half-started system. After two minutes a request gets 503.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class StartupGate extends OncePerRequestFilter {

    private final CountDownLatch ready = new CountDownLatch(1);

    @EventListener
    void onReadiness(AvailabilityChangeEvent<ReadinessState> event) {
        if (event.getState() == ReadinessState.ACCEPTING_TRAFFIC) {
            ready.countDown();
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (ready.getCount() > 0) {
            try {
                if (!ready.await(120, TimeUnit.SECONDS)) {
                    response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "系统正在启动 (starting up)");
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "系统正在启动 (starting up)");
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
