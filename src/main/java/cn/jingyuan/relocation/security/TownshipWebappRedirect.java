package cn.jingyuan.relocation.security;

import java.io.IOException;

import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Tasklist, Cockpit and Admin are the county's and the administrator's tools. A township task-force member or
 * reviewer who opens one (an old bookmark, a link in a chat) is sent to our own pages at {@code /}, where the same
 * work is laid out for the township. Runs after Spring Security, so the logged-in user is known; a request nobody
 * is logged in for has already been sent to the login page.
 */
@Configuration(proxyBeanMethods = false)
class TownshipWebappRedirect {

    static final String WEBAPPS = "/camunda/app/";

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> townshipWebappRedirectFilter() {
        FilterRegistrationBean<OncePerRequestFilter> reg = new FilterRegistrationBean<>(new RedirectFilter());
        reg.addUrlPatterns(WEBAPPS + "*");
        reg.setName("township-webapp-redirect");
        reg.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 1);
        return reg;
    }

    /** Township roles only: someone who also holds a county role keeps the webapps. */
    static boolean sentToOurPages(CurrentUser user) {
        return user.hasAny(Role.TASK_FORCE, Role.TOWNSHIP_LEAD)
                && !user.hasAny(Role.ADMIN, Role.OFFICER, Role.FINANCE, Role.DEPUTY, Role.HEAD);
    }

    private static final class RedirectFilter extends OncePerRequestFilter {

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (CurrentUsers.find().filter(TownshipWebappRedirect::sentToOurPages).isPresent()) {
                response.sendRedirect(request.getContextPath() + "/");
                return;
            }
            chain.doFilter(request, response);
        }
    }
}
