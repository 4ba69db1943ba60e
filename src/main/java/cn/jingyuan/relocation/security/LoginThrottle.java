package cn.jingyuan.relocation.security;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import cn.jingyuan.relocation.security.internal.LockMapper;
import cn.jingyuan.relocation.security.internal.LockRow;

/**
 * Failed logins per account: five in a row lock the account for fifteen minutes (audited); a successful login
 * starts the count again. Kept in the database, so a restart or a second server does not forgive anything.
 */
@Component
public class LoginThrottle {

    static final int MAX_FAILURES = 5;
    static final Duration LOCK = Duration.ofMinutes(15);

    private final LockMapper locks;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final Clock clock;

    LoginThrottle(LockMapper locks, AuditLog audit, PlatformTransactionManager transactions, Clock clock) {
        this.locks = locks;
        this.audit = audit;
        this.tx = new TransactionTemplate(transactions);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /** Until when the account is locked, if it is. */
    public Optional<LocalDateTime> lockedUntil(String userId) {
        LockRow r = locks.find(userId);
        LocalDateTime now = LocalDateTime.now(clock);
        return r != null && r.lockedUntil != null && r.lockedUntil.isAfter(now) ? Optional.of(r.lockedUntil) : Optional.empty();
    }

    /** Counts a failed login of an existing account; the fifth in a row locks it. */
    public void failed(String userId) {
        LocalDateTime now = LocalDateTime.now(clock);
        Boolean locked = tx.execute(s -> {
            if (locks.find(userId) == null) {
                try {
                    locks.create(userId, now);
                } catch (DuplicateKeyException raced) {
                    // another failed login of the same account created it
                }
            }
            locks.fail(userId, now);
            LockRow r = locks.find(userId);
            if (r.failures >= MAX_FAILURES) {
                locks.reset(userId);
                locks.create(userId, now);
                locks.lock(userId, now.plus(LOCK));
                return true;
            }
            return false;
        });
        audit.recordNow(userId, AuditAction.LOGIN_FAILED, "account", userId, "用户名或密码错误 (bad credentials)", 401);
        if (Boolean.TRUE.equals(locked)) {
            audit.recordNow(userId, AuditAction.ACCOUNT_LOCKED, "account", userId, "连续" + MAX_FAILURES + "次登录失败,锁定至"
                    + now.plus(LOCK).format(DateTimeFormatter.ofPattern("HH:mm")) + " (locked for 15 minutes)", 423);
        }
    }

    public void succeeded(String userId) {
        if (locks.find(userId) != null) {
            tx.executeWithoutResult(s -> locks.reset(userId));
        }
    }
}
