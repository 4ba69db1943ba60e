package cn.jingyuan.relocation.security;

import org.springframework.security.core.AuthenticationException;

/**
 * Too many failed logins of this account from this address: try again in {@link #retryAfterSeconds()} (429 with
 * {@code Retry-After} for scripts, the login page says how long). The same for a real and an unknown account.
 */
public class LoginThrottledException extends AuthenticationException {

    private final long retryAfterSeconds;

    public LoginThrottledException(long retryAfterSeconds) {
        super("登录失败次数过多,请" + Math.max(1, (retryAfterSeconds + 59) / 60) + "分钟后再试 (too many failed logins from this address)");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
