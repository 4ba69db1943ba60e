package cn.jingyuan.relocation.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.ContainerBasedAuthenticationProvider;
import org.camunda.bpm.webapp.impl.security.auth.ContainerBasedAuthenticationFilter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.util.matcher.RequestMatcher;

import cn.jingyuan.relocation.security.internal.AccountStateMapper;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Who may reach what, at the door:
 * <ul>
 * <li>{@code /engine-rest/**}: HTTP Basic only, no session; the authenticated user is handed to the engine so
 * Camunda's own authorizations apply to every REST call.</li>
 * <li>{@code /camunda/**}: the Camunda webapps, behind the same login: the browser session of our login form is
 * handed to the webapps (container-based authentication), so Cockpit, Tasklist and Admin need no second login
 * and every login, wherever it starts, is counted by the same throttle.</li>
 * <li>everything else: {@code /api} with HTTP Basic (scripts) or the session of the login form (browser); CSRF
 * protection for the browser session, none needed for Basic-authenticated calls that carry no cookie.</li>
 * </ul>
 * An API caller without credentials gets 401 problem+json, never a login page.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfig {

    @Bean
    @Order(1)
    SecurityFilterChain engineRest(HttpSecurity http, AuditLog audit, AccountStateMapper states) throws Exception {
        http.securityMatcher(under("/engine-rest/"))
                .addFilterAfter(new AuditFilter(audit), SecurityContextHolderFilter.class)
                .addFilterBefore(new AccountStateFilter(states), AuthorizationFilter.class)
                .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                .httpBasic(b -> b.authenticationEntryPoint(problemEntryPoint()))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(c -> c.disable())
                .exceptionHandling(e -> e.authenticationEntryPoint(problemEntryPoint()).accessDeniedHandler(problemDenied()));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain camundaWebapps(HttpSecurity http, AuditLog audit, AccountStateMapper states) throws Exception {
        // The webapps carry their own CSRF protection (XSRF-TOKEN cookie and header) and security headers.
        RequestMatcher webappApi = under("/camunda/api/");
        http.securityMatcher(under("/camunda/"))
                .addFilterAfter(new AuditFilter(audit), SecurityContextHolderFilter.class)
                .addFilterBefore(new AccountStateFilter(states), AuthorizationFilter.class)
                .authorizeHttpRequests(a -> a
                        // the webapps' own refusals (a missing XSRF token: 403, and the session ended) keep their status
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers(request -> request.getRequestURI().matches(".*\\.(js|css|svg|png|ico|woff2?|ttf|eot|map|html)$")
                                && !request.getRequestURI().contains("/camunda/api/")).permitAll()
                        .anyRequest().authenticated())
                .formLogin(f -> f.loginPage("/login").permitAll())
                .csrf(c -> c.disable())
                .headers(h -> h.disable())
                .exceptionHandling(e -> e
                        .defaultAuthenticationEntryPointFor(problemEntryPoint(), webappApi)
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), request -> true));
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain application(HttpSecurity http, AuditLog audit, AccountStateMapper states) throws Exception {
        RequestMatcher api = under("/api/");
        RequestMatcher basicAuthenticated = request -> {
            String h = request.getHeader("Authorization");
            return h != null && h.regionMatches(true, 0, "Basic ", 0, 6);
        };
        http.addFilterAfter(new AuditFilter(audit), SecurityContextHolderFilter.class)
                .addFilterBefore(new AccountStateFilter(states), AuthorizationFilter.class)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/", "/login", "/favicon.ico", "/css/**", "/js/**", "/webjars/**", "/_static/**", "/error",
                                "/swagger-ui.html", "/swagger-ui/**", "/v3/api-docs/**").permitAll()
                        // the load balancer's probes: status only, no details (management.endpoint.health)
                        .requestMatchers("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness").permitAll()
                        .requestMatchers("/actuator/prometheus").hasAnyAuthority("ROLE_" + Role.ADMIN.name(), "GROUP_" + Groups.METRICS)
                        .requestMatchers("/actuator/**").denyAll()
                        // an account in none of the role groups is nobody: without this it would count as county-wide
                        .requestMatchers(api).hasAnyRole(Arrays.stream(Role.values()).map(Role::name).toArray(String[]::new))
                        .anyRequest().authenticated())
                .httpBasic(b -> b.authenticationEntryPoint(problemEntryPoint()))
                // the pages' login: "/" then sends each role to its start page (layout.Navigation)
                .formLogin(f -> f.loginPage("/login").defaultSuccessUrl("/", false).permitAll())
                .logout(l -> l.logoutSuccessUrl("/login?logout"))
                .csrf(c -> c.ignoringRequestMatchers(basicAuthenticated))
                .exceptionHandling(e -> e
                        .defaultAuthenticationEntryPointFor(problemEntryPoint(), api)
                        .defaultAuthenticationEntryPointFor(problemEntryPoint(), under("/actuator/"))
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), request -> true)
                        .accessDeniedHandler(loginFirstOrDenied(api)))
                .headers(h -> h
                        .contentSecurityPolicy(c -> c.policyDirectives("default-src 'self'; img-src 'self' data:; "
                                + "style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; frame-ancestors 'none'"))
                        .referrerPolicy(r -> r.policy(org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }

    /**
     * No observations of Spring Security's own (a timer and trace span around every filter of the chain, the
     * authentication and the authorization): with Micrometer on the class path each request paid for them on every
     * filter (JFR, 50 HTTP clients: a tenth of the request threads' samples had observation code in their top frames), and
     * nothing reads them. The HTTP metrics ({@code http_server_requests}) are Spring MVC's and stay.
     */
    @Bean
    static SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /** Hands the browser session's user to the Camunda webapps (Cockpit, Tasklist, Admin): one login for all. */
    @Bean
    FilterRegistrationBean<ContainerBasedAuthenticationFilter> webappAuthentication() {
        FilterRegistrationBean<ContainerBasedAuthenticationFilter> reg = new FilterRegistrationBean<>(new ContainerBasedAuthenticationFilter());
        reg.addInitParameter(ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM, ContainerBasedAuthenticationProvider.class.getName());
        reg.addUrlPatterns("/camunda/*");
        reg.setName("camunda-webapp-container-authentication");
        reg.setOrder(0);
        return reg;
    }

    /** Hands the Spring-authenticated user to the engine for every engine REST call. */
    @Bean
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestAuthentication() {
        FilterRegistrationBean<ProcessEngineAuthenticationFilter> reg = new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
        reg.addInitParameter(ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM, ContainerBasedAuthenticationProvider.class.getName());
        reg.addUrlPatterns("/engine-rest/*");
        reg.setName("camunda-engine-rest-authentication");
        reg.setOrder(0);
        return reg;
    }

    static AuthenticationEntryPoint problemEntryPoint() {
        return (request, response, e) -> {
            if (e instanceof LoginThrottledException t) {
                // the same answer for a real and an unknown account; only this address waits
                response.setHeader("Retry-After", String.valueOf(t.retryAfterSeconds()));
                writeProblem(response, HttpStatus.TOO_MANY_REQUESTS, "请稍后再试 (Too Many Requests)", t.getMessage());
                return;
            }
            // Not "Basic": a browser would then ask for the password and attach it to every later request to this site,
            // cross-site ones included, which CSRF protection could not catch. Scripts send credentials up front.
            response.setHeader("WWW-Authenticate", "ApiBasic realm=\"relocation\"");
            writeProblem(response, HttpStatus.UNAUTHORIZED, "未登录 (Unauthorized)", "请提供有效的用户名和密码 (valid credentials required)");
        };
    }

    static AccessDeniedHandler problemDenied() {
        return (request, response, e) -> writeProblem(response, HttpStatus.FORBIDDEN, "无权操作 (Forbidden)",
                "当前账号无权执行此操作 (not allowed for this account)");
    }

    /**
     * The CSRF check runs before authentication and hands its refusal straight to the access-denied handler: an API
     * request that carries no credentials at all would be told 403 "not allowed for this account". Nobody is logged
     * in there, so it is the 401 of the contract; a logged-in session without its token stays 403.
     */
    static AccessDeniedHandler loginFirstOrDenied(RequestMatcher api) {
        AccessDeniedHandler denied = problemDenied();
        AuthenticationEntryPoint login = problemEntryPoint();
        return (request, response, e) -> {
            Authentication who = SecurityContextHolder.getContext().getAuthentication();
            boolean nobody = who == null || !who.isAuthenticated() || who instanceof AnonymousAuthenticationToken;
            if (e instanceof CsrfException && nobody && api.matches(request)) {
                login.commence(request, response, new InsufficientAuthenticationException("not logged in", e));
            } else {
                denied.handle(request, response, e);
            }
        };
    }

    static void writeProblem(HttpServletResponse response, HttpStatus status, String title, String detail) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"type\":\"about:blank\",\"status\":" + status.value() + ",\"title\":\"" + json(title)
                + "\",\"detail\":\"" + json(detail) + "\"}");
    }

    private static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** Matches by request URI: the engine REST API and the webapps are not DispatcherServlet paths. */
    static RequestMatcher under(String prefix) {
        return request -> request.getRequestURI().startsWith(request.getContextPath() + prefix);
    }
}
