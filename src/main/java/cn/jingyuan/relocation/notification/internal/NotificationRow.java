package cn.jingyuan.relocation.notification.internal;

import java.time.LocalDateTime;

/** A row of {@code notification}: one message for one recipient. */
public class NotificationRow {
    public long id;
    public String recipientId;
    public String type;
    public String title;
    public String caseNo;
    public String taskId;
    public String actorId;
    public LocalDateTime createdAt;
    public LocalDateTime readAt;
}
