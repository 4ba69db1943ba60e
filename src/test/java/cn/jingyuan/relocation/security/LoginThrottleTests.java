package cn.jingyuan.relocation.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.transaction.PlatformTransactionManager;

import cn.jingyuan.relocation.security.internal.ThrottleMapper;
import cn.jingyuan.relocation.security.internal.ThrottleRow;

/**
 * The login throttle against a clock the test moves: a waiting address may try again exactly when its wait is over,
 * each further failure doubles the wait, a right password ends it; and password spraying (a few guesses at each of
 * many accounts from one address) makes that address, and only it, wait before trying any account.
 */
class LoginThrottleTests {

    static final String ATTACKER = "10.0.0.66";
    static final String OFFICE = "10.0.0.8";

    final MovableClock clock = new MovableClock(Instant.parse("2025-06-16T01:00:00Z"));
    final FakeThrottleMapper rows = new FakeThrottleMapper();
    final LoginThrottle throttle = new LoginThrottle(rows, mock(AuditLog.class), mock(PlatformTransactionManager.class), clock);

    /** An attempt whose password turns out wrong; true when it was refused before its password was looked at. */
    private boolean wrong(String user, String source) {
        LoginThrottle.Attempt a = throttle.begin(user, source);
        if (a.refused()) {
            return true;
        }
        throttle.failed(user, source, a.number());
        return false;
    }

    private boolean right(String user, String source) {
        LoginThrottle.Attempt a = throttle.begin(user, source);
        if (a.refused()) {
            return true;
        }
        throttle.succeeded(user, source);
        return false;
    }

    @Test
    void aWaitEndsExactlyWhenItsTimeIsUpAndEveryAttemptBeyondTheFreeOnesLengthensIt() {
        for (int i = 0; i < LoginThrottle.FREE_ATTEMPTS; i++) {
            assertThat(wrong("finance", ATTACKER)).isFalse();
        }
        // the first wait: one minute, for the right password too (and that attempt counts)
        clock.advance(Duration.ofSeconds(30));
        LoginThrottle.Attempt waiting = throttle.begin("finance", ATTACKER);
        assertThat(waiting.refused()).isTrue();
        assertThat(waiting.refusal().retryAfterSeconds(LocalDateTime.now(clock))).isEqualTo(30);
        // a second before its end it still holds; once it is over the next guess is checked again
        clock.advance(Duration.ofSeconds(29));
        assertThat(throttle.begin("finance", ATTACKER).refused()).isTrue();
        clock.advance(Duration.ofSeconds(2));
        assertThat(wrong("finance", ATTACKER)).isFalse();
        // that was attempt 8 of the row: 1 << (8 - 5) = 8 minutes now
        waiting = throttle.begin("finance", ATTACKER);
        assertThat(waiting.refusal().retryAfterSeconds(LocalDateTime.now(clock))).isEqualTo(LoginThrottle.delay(8).toSeconds()).isEqualTo(480);
        clock.advance(Duration.ofMinutes(8).plusSeconds(1));
        // the right password, once the wait is over, starts the count again: five more free attempts
        assertThat(right("finance", ATTACKER)).isFalse();
        for (int i = 0; i < LoginThrottle.FREE_ATTEMPTS; i++) {
            assertThat(wrong("finance", ATTACKER)).as("free attempt " + (i + 1)).isFalse();
        }
        assertThat(wrong("finance", ATTACKER)).isTrue();
    }

    @Test
    void theWaitNeverExceedsAnHour() {
        for (int i = 0; i < 40; i++) {
            clock.advance(Duration.ofHours(2));
            wrong("finance", ATTACKER);
        }
        LoginThrottle.Attempt waiting = throttle.begin("finance", ATTACKER);
        assertThat(waiting.refusal().retryAfterSeconds(LocalDateTime.now(clock))).isEqualTo(3600);
        clock.advance(Duration.ofMinutes(61));
        assertThat(throttle.begin("finance", ATTACKER).refused()).isFalse();
    }

    @Test
    void sprayingOneAddressOverManyAccountsMakesThatAddressWaitForEveryAccount() {
        // a few guesses at each of many accounts: no account reaches its own limit
        int guesses = 0;
        for (int account = 0; guesses < LoginThrottle.SPRAY_ATTEMPTS; account++) {
            for (int i = 0; i < 2 && guesses < LoginThrottle.SPRAY_ATTEMPTS; i++, guesses++) {
                clock.advance(Duration.ofSeconds(20));
                assertThat(wrong("user" + account, ATTACKER)).as("guess " + (guesses + 1)).isFalse();
            }
        }
        // now the address waits, for accounts it never tried too, the right password included
        assertThat(right("officer", ATTACKER)).isTrue();
        assertThat(wrong("user99", ATTACKER)).isTrue();
        // every other address goes on: the real users are not kept out
        assertThat(right("officer", OFFICE)).isFalse();
        assertThat(right("user0", OFFICE)).isFalse();

        // after the minute the address may try again; sprayed on, it waits twice as long
        clock.advance(Duration.ofSeconds(61));
        assertThat(wrong("user50", ATTACKER)).isFalse();
        assertThat(wrong("user51", ATTACKER)).isTrue();
        clock.advance(Duration.ofSeconds(119));
        assertThat(wrong("user51", ATTACKER)).isTrue();
        clock.advance(Duration.ofSeconds(2));
        // a right password from the address, once it may try, lets that account in but forgives the address nothing:
        // the next wrong guess waits again, twice as long (4 minutes)
        assertThat(right("officer", ATTACKER)).isFalse();
        assertThat(wrong("user100", ATTACKER)).isFalse();
        LoginThrottle.Attempt waiting = throttle.begin("user101", ATTACKER);
        assertThat(waiting.refused()).isTrue();
        assertThat(waiting.refusal().retryAfterSeconds(LocalDateTime.now(clock))).isEqualTo(240);
        // only a quiet quarter of an hour after its wait ends starts the address's count again
        clock.advance(Duration.ofMinutes(4 + LoginThrottle.SPRAY_WINDOW_MINUTES).plusSeconds(1));
        for (int i = 0; i < LoginThrottle.SPRAY_ATTEMPTS - 1; i++) {
            assertThat(wrong("user" + (200 + i), ATTACKER)).as("guess " + (i + 1) + " after the quiet time").isFalse();
        }
    }

    @Test
    void aLoginOfTheSprayersOwnAccountResetsOnlyThatAccountsCountNotTheAddresss() {
        // 18 guesses at other accounts and one at the sprayer's own, then its right password, all from one address
        for (int i = 0; i < LoginThrottle.SPRAY_ATTEMPTS - 2; i++) {
            clock.advance(Duration.ofSeconds(20));
            assertThat(wrong("victim" + (i / 2), ATTACKER)).as("guess " + (i + 1)).isFalse();
        }
        assertThat(wrong("mallory", ATTACKER)).isFalse();
        assertThat(right("mallory", ATTACKER)).as("the sprayer's own login goes through").isFalse();
        assertThat(rows.find("mallory", ATTACKER)).as("its own account's count starts again").isNull();
        assertThat(rows.find(LoginThrottle.ANY_ACCOUNT, ATTACKER).failures).as("the address's count stays")
                .isEqualTo(LoginThrottle.SPRAY_ATTEMPTS - 1);

        // so the next wrong guess is the address's 20th: it waits before trying anyone, its own account included
        assertThat(wrong("victim42", ATTACKER)).isFalse();
        assertThat(wrong("victim43", ATTACKER)).isTrue();
        assertThat(right("mallory", ATTACKER)).isTrue();
        // a login the password cache has verified already is refused the same way
        assertThat(throttle.admit("mallory", ATTACKER)).isPresent();
        // and another address is not concerned
        assertThat(right("victim0", OFFICE)).isFalse();
        assertThat(throttle.admit("victim0", OFFICE)).isEmpty();
    }

    @Test
    void failuresScatteredOverTheDayFromOneOfficeNeverAddUp() {
        for (int i = 0; i < 3 * LoginThrottle.SPRAY_ATTEMPTS; i++) {
            clock.advance(Duration.ofMinutes(LoginThrottle.SPRAY_WINDOW_MINUTES + 1));
            assertThat(wrong("user" + i, OFFICE)).as("typo " + (i + 1)).isFalse();
        }
        assertThat(right("officer", OFFICE)).isFalse();
    }

    /** A clock the test moves forward. */
    static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("Asia/Shanghai");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** login_throttle in memory, with the statements' semantics. */
    static final class FakeThrottleMapper implements ThrottleMapper {
        final Map<String, ThrottleRow> rows = new HashMap<>();

        private static String key(String userId, String source) {
            return userId + "|" + source;
        }

        @Override
        public ThrottleRow find(String userId, String source) {
            ThrottleRow r = rows.get(key(userId, source));
            if (r == null) {
                return null;
            }
            ThrottleRow copy = new ThrottleRow();
            copy.userId = r.userId;
            copy.source = r.source;
            copy.failures = r.failures;
            copy.lastFailureAt = r.lastFailureAt;
            copy.lockedUntil = r.lockedUntil;
            return copy;
        }

        @Override
        public void count(String userId, String source, LocalDateTime at) {
            ThrottleRow r = rows.computeIfAbsent(key(userId, source), k -> {
                ThrottleRow n = new ThrottleRow();
                n.userId = userId;
                n.source = source;
                return n;
            });
            r.failures++;
            r.lastFailureAt = at;
        }

        @Override
        public int lapse(String userId, String source, LocalDateTime before) {
            ThrottleRow r = rows.get(key(userId, source));
            if (r != null && r.lastFailureAt.isBefore(before) && (r.lockedUntil == null || r.lockedUntil.isBefore(before))) {
                r.failures = 0;
                return 1;
            }
            return 0;
        }

        @Override
        public int lock(String userId, String source, LocalDateTime until) {
            ThrottleRow r = rows.get(key(userId, source));
            if (r != null && (r.lockedUntil == null || r.lockedUntil.isBefore(until))) {
                r.lockedUntil = until;
                return 1;
            }
            return 0;
        }

        @Override
        public int reset(String userId, String source) {
            return rows.remove(key(userId, source)) == null ? 0 : 1;
        }

        @Override
        public int resetAll(String userId) {
            int before = rows.size();
            rows.keySet().removeIf(k -> k.startsWith(userId + "|"));
            return before - rows.size();
        }
    }
}
