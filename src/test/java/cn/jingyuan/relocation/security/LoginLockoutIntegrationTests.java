package cn.jingyuan.relocation.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import cn.jingyuan.relocation.support.EmbeddedApplicationTest;

/**
 * Failed logins are throttled per account <em>and</em> source address (issue 11): five wrong passwords in a row from
 * one address make that address wait (429 with {@code Retry-After}, even for the right password) while the real user
 * logs in from another; an unknown account gets exactly the same answers; simultaneous guesses are each counted and
 * audited. The requests come from different loopback addresses (127.0.0.2, 127.0.0.3 …), as from different machines.
 * Each test uses an account of its own, created here and removed afterwards, so no demo account ever waits.
 */
@EmbeddedApplicationTest
class LoginLockoutIntegrationTests {

    static final String PASSWORD = "richtig-2025";
    private static final Pattern STATUS = Pattern.compile("^HTTP/1\\.1 (\\d{3})");

    @LocalServerPort
    int port;
    @Autowired
    IdentityService identity;
    @Autowired
    JdbcTemplate jdbc;

    String account;

    @BeforeEach
    void account() {
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

    /** One answer: status, headers and body as text. */
    record Answer(int status, String raw) {

        String body() {
            int i = raw.indexOf("\r\n\r\n");
            return i < 0 ? "" : raw.substring(i + 4);
        }

        String header(String name) {
            Matcher m = Pattern.compile("(?im)^" + Pattern.quote(name) + ":\\s*(.*?)\\r?$").matcher(raw);
            return m.find() ? m.group(1) : null;
        }
    }

    /** GET /api/townships as {@code user} from the loopback address {@code from}, over a socket bound to it. */
    Answer call(String from, String user, String password) {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(from, 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(120_000);
            String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            out.write(("GET /api/townships HTTP/1.1\r\nHost: localhost:" + port + "\r\nAuthorization: Basic " + auth
                    + "\r\nAccept: application/json\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String raw = all.toString(StandardCharsets.UTF_8);
            Matcher m = STATUS.matcher(raw);
            if (!m.find()) {
                throw new AssertionError("no HTTP answer: " + raw);
            }
            return new Answer(Integer.parseInt(m.group(1)), raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long entries(String actor, String action) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM audit_log WHERE actor = ? AND action = ?", Long.class, actor, action);
    }

    @Test
    void guessesFromOneAddressMakeThatAddressWaitAndNoOther() {
        String attacker = "127.0.0.2";
        for (int i = 1; i <= LoginThrottle.FREE_ATTEMPTS; i++) {
            assertThat(call(attacker, account, "falsch-" + i).status()).as("failure " + i).isEqualTo(401);
        }
        Answer refused = call(attacker, account, "falsch-6");
        assertThat(refused.status()).as(refused.raw()).isEqualTo(429);
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(refused.header("Content-Type")).contains("application/problem+json");
        Answer rightButWaiting = call(attacker, account, PASSWORD);
        assertThat(rightButWaiting.status()).as("the right password from the guessing address").isEqualTo(429);

        // the real user, from their own address, is not kept out
        assertThat(call("127.0.0.1", account, PASSWORD).status()).isEqualTo(200);
        // nor from any other address
        assertThat(call("127.0.0.4", account, PASSWORD).status()).isEqualTo(200);
        // and the guessing address still waits: the real user's login forgave it nothing
        assertThat(call(attacker, account, PASSWORD).status()).isEqualTo(429);

        assertThat(entries(account, "LOGIN_FAILED")).isEqualTo(LoginThrottle.FREE_ATTEMPTS + 3L);
        assertThat(entries(account, "ACCOUNT_LOCKED")).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT http_status FROM audit_log WHERE actor = ? AND action = 'ACCOUNT_LOCKED'", Integer.class, account))
                .isEqualTo(429);
        assertThat(jdbc.queryForObject("SELECT failures FROM login_throttle WHERE user_id = ? AND source = ?", Integer.class, account, attacker))
                .isEqualTo(LoginThrottle.FREE_ATTEMPTS + 3);
    }

    @Test
    void sprayingFromOneAddressOverManyAccountsMakesThatAddressWaitForEveryAccountAndNoOther() {
        String sprayer = "127.0.0.9";
        try {
            // two guesses at each of ten accounts: none reaches its own limit
            for (int i = 0; i < LoginThrottle.SPRAY_ATTEMPTS; i++) {
                String name = i < 2 ? account : account + "s" + (i / 2);
                assertThat(call(sprayer, name, "Sommer2025!").status()).as("guess " + (i + 1)).isEqualTo(401);
            }
            Answer refused = call(sprayer, account, PASSWORD);
            assertThat(refused.status()).as(refused.raw()).isEqualTo(429);
            assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
            assertThat(call(sprayer, "officer", "demo").status()).as("an account it never tried").isEqualTo(429);
            // everyone else logs in
            assertThat(call("127.0.0.1", account, PASSWORD).status()).isEqualTo(200);
            assertThat(call("127.0.0.4", "officer", "demo").status()).isEqualTo(200);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_log WHERE action = 'ACCOUNT_LOCKED' AND summary LIKE ?", Long.class,
                    "来自" + sprayer + "%password spraying%")).isEqualTo(1);
        } finally {
            jdbc.update("DELETE FROM login_throttle WHERE source = ?", sprayer);
        }
    }

    @Test
    void aLoginOfTheSprayersOwnAccountDoesNotResetTheAddresssCount() {
        String sprayer = "127.0.0.10";
        try {
            // 19 guesses at other accounts, under each one's limit, then the sprayer's own account logs in from there
            for (int i = 0; i < LoginThrottle.SPRAY_ATTEMPTS - 1; i++) {
                assertThat(call(sprayer, account + "v" + (i / 2), "Sommer2025!").status()).as("guess " + (i + 1)).isEqualTo(401);
            }
            assertThat(call(sprayer, account, PASSWORD).status()).as("its own login").isEqualTo(200);
            // the 20th guess is checked, and then the address waits for every account, its own included
            assertThat(call(sprayer, account + "v99", "Sommer2025!").status()).isEqualTo(401);
            assertThat(call(sprayer, account + "v98", "Sommer2025!").status()).isEqualTo(429);
            assertThat(call(sprayer, account, PASSWORD).status()).isEqualTo(429);
            assertThat(call("127.0.0.1", account, PASSWORD).status()).as("from anywhere else").isEqualTo(200);
        } finally {
            jdbc.update("DELETE FROM login_throttle WHERE source = ?", sprayer);
        }
    }

    @Test
    void anUnknownAccountIsAnsweredExactlyLikeARealOne() {
        String nobody = account + "x";
        List<String> real = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (int i = 1; i <= LoginThrottle.FREE_ATTEMPTS + 2; i++) {
            real.add(shape(call("127.0.0.5", account, "falsch-" + i)));
            unknown.add(shape(call("127.0.0.5", nobody, "falsch-" + i)));
        }
        assertThat(unknown).isEqualTo(real);
        assertThat(real.get(0)).startsWith("401");
        assertThat(real.get(real.size() - 1)).startsWith("429");
        assertThat(entries(nobody, "LOGIN_FAILED")).isEqualTo(entries(account, "LOGIN_FAILED"));
    }

    /** Status, Retry-After present or not, and the body: what a guesser sees. */
    private static String shape(Answer a) {
        return a.status() + " " + (a.header("Retry-After") != null) + " " + a.body();
    }

    @Test
    void fiftySimultaneousWrongGuessesAreFiftyCountedAndAuditedFailures() throws Exception {
        int guesses = 50;
        ExecutorService pool = Executors.newFixedThreadPool(guesses);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < guesses; i++) {
                String guess = "falsch-" + i;
                answers.add(pool.submit(() -> {
                    start.await();
                    return call("127.0.0.3", account, guess).status();
                }));
            }
            start.countDown();
            int checked = 0;
            int refused = 0;
            for (Future<Integer> f : answers) {
                int status = f.get();
                assertThat(status).isIn(401, 429);
                if (status == 401) {
                    checked++;
                } else {
                    refused++;
                }
            }
            assertThat(checked).as("passwords actually checked").isEqualTo(LoginThrottle.FREE_ATTEMPTS);
            assertThat(refused).isEqualTo(guesses - LoginThrottle.FREE_ATTEMPTS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.queryForObject("SELECT failures FROM login_throttle WHERE user_id = ? AND source = '127.0.0.3'", Integer.class, account))
                .isEqualTo(guesses);
        assertThat(entries(account, "LOGIN_FAILED")).isEqualTo(guesses);
        assertThat(call("127.0.0.3", account, PASSWORD).status()).isEqualTo(429);
        assertThat(call("127.0.0.1", account, PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void aSuccessfulLoginStartsTheCountAgain() {
        for (int round = 0; round < 3; round++) {
            for (int i = 1; i < LoginThrottle.FREE_ATTEMPTS; i++) {
                assertThat(call("127.0.0.6", account, "falsch-" + i).status()).isEqualTo(401);
            }
            assertThat(call("127.0.0.6", account, PASSWORD).status()).as("round " + round).isEqualTo(200);
        }
        assertThat(entries(account, "LOGIN_FAILED")).isEqualTo(3L * (LoginThrottle.FREE_ATTEMPTS - 1));
        assertThat(entries(account, "ACCOUNT_LOCKED")).isZero();
    }

    @Test
    void theWaitGrowsWithEveryFailureUpToAnHour() {
        assertThat(LoginThrottle.delay(LoginThrottle.FREE_ATTEMPTS)).isEqualTo(Duration.ofMinutes(1));
        assertThat(LoginThrottle.delay(LoginThrottle.FREE_ATTEMPTS + 1)).isEqualTo(Duration.ofMinutes(2));
        assertThat(LoginThrottle.delay(LoginThrottle.FREE_ATTEMPTS + 3)).isEqualTo(Duration.ofMinutes(8));
        assertThat(LoginThrottle.delay(LoginThrottle.FREE_ATTEMPTS + 6)).isEqualTo(Duration.ofMinutes(60));
        assertThat(LoginThrottle.delay(LoginThrottle.FREE_ATTEMPTS + 200)).isEqualTo(Duration.ofMinutes(60));
    }
}
