package cn.jingyuan.relocation.operations;

import java.io.IOException;

import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Puts the authenticated user's id in the log context ({@code user}) right after the security filters. */
@Configuration(proxyBeanMethods = false)
class UserLogContext {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> userLogContextFilter() {
        FilterRegistrationBean<OncePerRequestFilter> reg = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                Authentication who = SecurityContextHolder.getContext().getAuthentication();
                if (who != null && who.isAuthenticated() && !(who instanceof AnonymousAuthenticationToken)) {
                    MDC.put(RequestLogFilter.USER, who.getName());
                }
                chain.doFilter(request, response);
            }
        });
        reg.setName("user-log-context");
        reg.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 1);
        return reg;
    }
}
