package cn.jingyuan.relocation.notification.internal;

import java.time.LocalDateTime;

/** A row of {@code notification_outbox}: one message waiting for (or done with) its channel. */
public class OutboxRow {
    public static final String PENDING = "PENDING";
    public static final String DELIVERED = "DELIVERED";
    public static final String FAILED = "FAILED";

    public long id;
    public String channel;
    public String target;
    public String format;
    public String content;
    public String status;
    public int attempts;
    public LocalDateTime createdAt;
    public LocalDateTime nextAttemptAt;
    public LocalDateTime claimedUntil;
    public LocalDateTime deliveredAt;
    public String lastError;
}
