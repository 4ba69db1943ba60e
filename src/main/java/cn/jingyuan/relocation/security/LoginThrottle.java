package cn.jingyuan.relocation.security;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DeadlockLoserDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import cn.jingyuan.relocation.security.internal.ThrottleMapper;
import cn.jingyuan.relocation.security.internal.ThrottleRow;

/**
 * Failed logins per account name <em>and</em> source address, in the database (every node counts into the same
 * rows, a restart forgives nothing):
 * <ul>
 * <li>an attempt is counted <em>before</em> its password is looked at, in one atomic statement, so 50 simultaneous
 * guesses are 50 counted attempts, not 5 checks that all pass before the lock lands;</li>
 * <li>from the {@value #FREE_ATTEMPTS}th failure in a row on, that address must wait before trying that account again:
 * 1 minute, then 2, 4, 8 … up to {@value #MAX_DELAY_MINUTES} minutes; an attempt during the wait is refused (429,
 * {@code Retry-After}) without looking at the password, and counted;</li>
 * <li>a right password from that address, once it may try again, starts its count again;</li>
 * <li>unknown account names are counted and answered exactly like real ones, so the answers tell nobody which
 * accounts exist; and guessing from one address never keeps the real user out from another;</li>
 * <li>password spraying (a few guesses at each of many accounts, under every account's limit) is counted per address
 * across all accounts: {@value #SPRAY_ATTEMPTS} failures from one address, each within {@value #SPRAY_WINDOW_MINUTES}
 * minutes of the one before, make that address wait before trying any account (1, 2, 4 … minutes), while every
 * other address goes on. A successful login from that address does not reset this count (it resets only its own
 * account's), so an account of one's own cannot be used to spray on unthrottled. Its row is {@code login_throttle} with the
 * account name {@value #ANY_ACCOUNT}, which no account id can be.</li>
 * </ul>
 * Every failure and every refusal is audited.
 */
@Component
public class LoginThrottle {

    static final int FREE_ATTEMPTS = 5;
    static final int SPRAY_ATTEMPTS = 20;
    static final int SPRAY_WINDOW_MINUTES = 15;
    /** The account name of an address's row across all accounts (account ids start with a letter or digit). */
    static final String ANY_ACCOUNT = "*";

    /** How long an attempt beyond the free ones waits for the outcome of those still being checked: 30 × 100 ms. */
    private static final int IN_FLIGHT_ROUNDS = 30;

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
    static final int MAX_DELAY_MINUTES = 60;

    private final ThrottleMapper throttle;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final Clock clock;

    LoginThrottle(ThrottleMapper throttle, AuditLog audit, PlatformTransactionManager transactions, Clock clock) {
        this.throttle = throttle;
        this.audit = audit;
        this.tx = new TransactionTemplate(transactions);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /** The answer to an attempt that must wait: until when. */
    public record Refusal(LocalDateTime until) {

        public long retryAfterSeconds(LocalDateTime now) {
            return Math.max(1, Duration.between(now, until).toSeconds());
        }
    }

    /** A counted attempt: its number in the row, and the refusal when that address must still wait. */
    public record Attempt(int number, Refusal refusal) {

        public boolean refused() {
            return refusal != null;
        }
    }

    /**
     * Counts an attempt of {@code userId} from {@code source} before its password is checked. A refused attempt is
     * counted and audited all the same; the number of one that may go on is handed to {@link #failed} once the
     * password turned out wrong.
     */
    public Attempt begin(String userId, String source) {
        LocalDateTime now = LocalDateTime.now(clock);
        Refusal spraying = sprayRefusal(source, now);
        if (spraying != null) {
            audit.recordNow(userId, AuditAction.LOGIN_FAILED, "account", userId, "来自" + source + "的登录在多个账号上连续失败,该地址暂停登录,"
                    + spraying.until.format(DateTimeFormatter.ofPattern("HH:mm")) + "后可再试 (throttled: password spraying)", 429);
            return new Attempt(0, spraying);
        }
        ThrottleRow r = countAndFind(userId, source, now);
        // Beyond the free attempts but no lock yet: the earlier attempts are still having their passwords checked.
        // Wait for their outcome instead of refusing at once, so that a person's own parallel requests with the right
        // password (a page firing several calls) are not throttled: a right password among them resets the count and
        // this attempt is counted afresh; wrong ones set the lock and this attempt is refused without being checked.
        for (int round = 0; round < IN_FLIGHT_ROUNDS && r.failures > FREE_ATTEMPTS && r.lockedUntil == null; round++) {
            pause();
            ThrottleRow seen = throttle.find(userId, source);
            if (seen == null || seen.failures <= FREE_ATTEMPTS) {
                r = countAndFind(userId, source, now);
            } else {
                r = seen;
            }
        }
        if (r.failures > FREE_ATTEMPTS && (r.lockedUntil == null || r.lockedUntil.isAfter(now))) {
            // no lock yet while the failures before it are still checking their passwords: wait the first delay
            Refusal refusal = new Refusal(r.lockedUntil != null ? r.lockedUntil : now.plus(delay(FREE_ATTEMPTS)));
            audit.recordNow(userId, AuditAction.LOGIN_FAILED, "account", userId, "来自" + source + "的登录过于频繁,已拒绝,"
                    + refusal.until.format(DateTimeFormatter.ofPattern("HH:mm")) + "后可再试 (throttled)", 429);
            return new Attempt(r.failures, refusal);
        }
        return new Attempt(r.failures, null);
    }

    /** Counts one attempt and reads the row back, in one transaction. */
    private ThrottleRow countAndFind(String userId, String source, LocalDateTime now) {
        return withRetry(() -> tx.execute(s -> {
            throttle.count(userId, source, now);
            return throttle.find(userId, source);
        }));
    }

    /** The address waits before trying any account (password spraying), or null. */
    private Refusal sprayRefusal(String source, LocalDateTime now) {
        ThrottleRow any = throttle.find(ANY_ACCOUNT, source);
        return any != null && any.lockedUntil != null && any.lockedUntil.isAfter(now) ? new Refusal(any.lockedUntil) : null;
    }

    /** The password of attempt {@code number} was wrong (or the account unknown). */
    public void failed(String userId, String source, int number) {
        LocalDateTime now = LocalDateTime.now(clock);
        audit.recordNow(userId, AuditAction.LOGIN_FAILED, "account", userId, "用户名或密码错误,来自" + source + " (bad credentials)", 401);
        // across all accounts: a count that lapses after a quiet window, so scattered typos of an office never add up
        int inRow = withRetry(() -> tx.execute(s -> {
            throttle.lapse(ANY_ACCOUNT, source, now.minusMinutes(SPRAY_WINDOW_MINUTES));
            throttle.count(ANY_ACCOUNT, source, now);
            return throttle.find(ANY_ACCOUNT, source).failures;
        }));
        if (inRow >= SPRAY_ATTEMPTS) {
            LocalDateTime until = now.plus(delay(inRow - SPRAY_ATTEMPTS + FREE_ATTEMPTS));
            int set = withRetry(() -> tx.execute(s -> throttle.lock(ANY_ACCOUNT, source, until)));
            if (set > 0 && inRow == SPRAY_ATTEMPTS) {
                audit.recordNow(ANY_ACCOUNT, AuditAction.ACCOUNT_LOCKED, "account", null, "来自" + source + "的登录在多个账号上连续" + SPRAY_ATTEMPTS
                        + "次失败,该地址暂停登录所有账号至" + until.format(DateTimeFormatter.ofPattern("HH:mm")) + " (password spraying)", 429);
            }
        }
        if (number >= FREE_ATTEMPTS) {
            LocalDateTime until = now.plus(delay(number));
            int set = withRetry(() -> tx.execute(s -> throttle.lock(userId, source, until)));
            if (set > 0 && number == FREE_ATTEMPTS) {
                audit.recordNow(userId, AuditAction.ACCOUNT_LOCKED, "account", userId, "来自" + source + "的登录连续" + FREE_ATTEMPTS
                        + "次失败,该地址暂停登录此账号至" + until.format(DateTimeFormatter.ofPattern("HH:mm")) + " (throttled)", 429);
            }
        }
    }

    /**
     * A right password: that address starts its count for that account again, and for that account only. The count
     * across accounts stays: a sprayer with an account of their own could otherwise wipe it with a login of theirs
     * every 19 guesses. It lapses after {@value #SPRAY_WINDOW_MINUTES} quiet minutes.
     */
    public void succeeded(String userId, String source) {
        withRetry(() -> tx.execute(s -> throttle.reset(userId, source)));
    }

    /**
     * For a login already verified (the same password against the same hash): must this address still wait? Read
     * only; a waiting address is refused and counted, one that may try again has its count cleared.
     */
    public Optional<Refusal> admit(String userId, String source) {
        ThrottleRow r = throttle.find(userId, source);
        // the count across accounts outlives successful logins: only a wait it set still running concerns this one
        if (r == null && sprayRefusal(source, LocalDateTime.now(clock)) == null) {
            return Optional.empty();
        }
        Attempt attempt = begin(userId, source);
        if (attempt.refused()) {
            return Optional.of(attempt.refusal());
        }
        succeeded(userId, source);
        return Optional.empty();
    }

    /** Forgets every count of an account (its password was reset or changed). */
    public void forget(String userId) {
        withRetry(() -> tx.execute(s -> throttle.resetAll(userId)));
    }

    /** How long an address waits after its {@code failures}th failure in a row: 1, 2, 4 … minutes, at most an hour. */
    static Duration delay(int failures) {
        int doublings = Math.max(0, failures - FREE_ATTEMPTS);
        long minutes = doublings >= 6 ? MAX_DELAY_MINUTES : Math.min(MAX_DELAY_MINUTES, 1L << doublings);
        return Duration.ofMinutes(minutes);
    }

    /** MariaDB may pick one of many simultaneous counts of the same row as a deadlock victim: count it again. */
    private static <T> T withRetry(java.util.function.Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (DeadlockLoserDataAccessException | CannotAcquireLockException e) {
                if (attempt >= 5) {
                    throw e;
                }
            }
        }
    }
}
