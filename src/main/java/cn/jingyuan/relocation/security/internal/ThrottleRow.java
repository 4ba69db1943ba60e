package cn.jingyuan.relocation.security.internal;

import java.time.LocalDateTime;

/** A row of {@code login_throttle}: the failed logins of one account name from one source address. */
public class ThrottleRow {
    public String userId;
    public String source;
    public int failures;
    public LocalDateTime lastFailureAt;
    public LocalDateTime lockedUntil;
}
