package cn.jingyuan.relocation.security.internal;

import java.time.LocalDateTime;

/** A row of {@code account_lock}. */
public class LockRow {
    public String userId;
    public int failures;
    public LocalDateTime lastFailureAt;
    public LocalDateTime lockedUntil;
}
