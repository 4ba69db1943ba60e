package cn.jingyuan.relocation.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

import cn.jingyuan.relocation.support.Api;
import cn.jingyuan.relocation.support.EmbeddedApplicationTest;

/**
 * Failed logins are throttled per account: five wrong passwords in a row lock it (423, even for the right password),
 * each failure and the lock are audited, and a successful login starts the count again. Each test uses an account
 * of its own, created here and removed afterwards, so no demo account is ever locked.
 */
@EmbeddedApplicationTest
class LoginLockoutIntegrationTests {

    static final String PASSWORD = "richtig-2025";

    @LocalServerPort
    int port;
    @Autowired
    IdentityService identity;
    @Autowired
    JdbcTemplate jdbc;

    Api api;
    String account;

    @BeforeEach
    void account() {
        api = Api.at(port);
        account = "sec.lock" + System.nanoTime() % 1_000_000_000L;
        User u = identity.newUser(account);
        u.setFirstName("锁定");
        u.setLastName("测试");
        u.setPassword(PASSWORD);
        identity.saveUser(u);
        identity.createMembership(account, Groups.FINANCE);
    }

    @AfterEach
    void removeAccount() {
        identity.deleteUser(account);
    }

    private int asAccount(String password) {
        return api.as(account, password).get("/api/townships").status();
    }

    private long entries(String action) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM audit_log WHERE actor = ? AND action = ?", Long.class, account, action);
    }

    @Test
    void fiveWrongPasswordsInARowLockTheAccountEvenForTheRightPassword() {
        assertThat(asAccount(PASSWORD)).isEqualTo(200);
        for (int i = 1; i < LoginThrottle.MAX_FAILURES; i++) {
            assertThat(asAccount("falsch-" + i)).isEqualTo(401);
            assertThat(asAccount(PASSWORD)).as("failures that are not in a row lock nothing").isEqualTo(200);
        }
        for (int i = 1; i <= LoginThrottle.MAX_FAILURES; i++) {
            assertThat(asAccount("falsch-" + i)).as("failure " + i).isEqualTo(401);
        }

        Api.Response locked = api.as(account, PASSWORD).get("/api/townships");

        assertThat(locked.status()).as(locked.toString()).isEqualTo(423);
        assertThat(locked.contentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(locked.json().path("status").asInt()).isEqualTo(423);
        assertThat(asAccount("falsch-6")).isEqualTo(423);
        assertThat(api.as(account, PASSWORD).get("/engine-rest/task").status()).isEqualTo(423);
        // a locked account cannot log in through the browser either
        Http browser = Http.browser(port);
        HttpResponse<String> form = browser.login(account, PASSWORD, browser.csrfToken());
        assertThat(form.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("error"));
        assertThat(browser.send("GET", "/api/townships", null, null, Map.of()).statusCode()).isEqualTo(401);

        assertThat(entries("LOGIN_FAILED")).isEqualTo(2L * LoginThrottle.MAX_FAILURES - 1);
        assertThat(entries("ACCOUNT_LOCKED")).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT http_status FROM audit_log WHERE actor = ? AND action = 'ACCOUNT_LOCKED'", Integer.class, account))
                .isEqualTo(423);
        // another account is not affected
        assertThat(api.as("officer").get("/api/townships").status()).isEqualTo(200);
    }

    @Test
    void aSuccessfulLoginStartsTheCountAgain() {
        for (int round = 0; round < 3; round++) {
            for (int i = 1; i < LoginThrottle.MAX_FAILURES; i++) {
                assertThat(asAccount("falsch-" + i)).isEqualTo(401);
            }
            assertThat(asAccount(PASSWORD)).as("round " + round).isEqualTo(200);
        }
        assertThat(entries("LOGIN_FAILED")).isEqualTo(3L * (LoginThrottle.MAX_FAILURES - 1));
        assertThat(entries("ACCOUNT_LOCKED")).isZero();
    }

    @Test
    void failuresOfAnUnknownAccountLockNothingAndLeaveNoTrace() {
        String nobody = account + "x";
        for (int i = 0; i <= LoginThrottle.MAX_FAILURES; i++) {
            assertThat(api.as(nobody, "falsch").get("/api/townships").status()).isEqualTo(401);
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM account_lock WHERE user_id = ?", Long.class, nobody)).isZero();
        assertThat(asAccount(PASSWORD)).isEqualTo(200);
    }
}
