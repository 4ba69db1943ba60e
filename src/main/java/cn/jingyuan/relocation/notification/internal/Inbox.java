package cn.jingyuan.relocation.notification.internal;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.notification.NotificationProperties;
import cn.jingyuan.relocation.notification.OutboundMessage;
import cn.jingyuan.relocation.worklist.NoticeType;

/**
 * Writes a notice: one in-app message (我的消息) per recipient, never to whoever caused it, and, for the types
 * configured as outbound, one message per group chat the recipients belong to (their township's, or the
 * county's), naming them.
 */
@Component
public class Inbox {

    private final NotificationMapper notifications;
    private final Outbox outbox;
    private final Directory directory;
    private final NotificationProperties properties;
    private final Clock clock;

    Inbox(NotificationMapper notifications, Outbox outbox, Directory directory, NotificationProperties properties, Clock clock) {
        this.notifications = notifications;
        this.outbox = outbox;
        this.directory = directory;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * @param recipients user ids (groups already expanded)
     * @param actorId    who caused it, left out of the recipients; null for the system
     * @return the users written to
     */
    public Set<String> deliver(NoticeType type, Set<String> recipients, String title, String caseNo, String taskId, String actorId) {
        Set<String> to = new LinkedHashSet<>(recipients);
        if (actorId != null) {
            to.remove(actorId);
        }
        if (to.isEmpty()) {
            return to;
        }
        LocalDateTime now = LocalDateTime.now(clock);
        List<NotificationRow> rows = new ArrayList<>();
        for (String userId : to) {
            NotificationRow r = new NotificationRow();
            r.recipientId = userId;
            r.type = type.name();
            r.title = title.length() > 500 ? title.substring(0, 499) + "…" : title;
            r.caseNo = caseNo;
            r.taskId = taskId;
            r.actorId = actorId;
            r.createdAt = now;
            rows.add(r);
        }
        notifications.insertAll(rows);
        if (properties.outboundTypes().contains(type)) {
            Map<String, String> names = directory.names(to);
            Map<String, List<String>> byChat = new TreeMap<>();
            directory.chatOf(to).forEach((user, chat) -> byChat.computeIfAbsent(chat, k -> new ArrayList<>()).add(names.get(user)));
            byChat.forEach((chat, people) -> outbox.enqueue(new OutboundMessage(chat, OutboundMessage.Format.TEXT,
                    "【" + type.label() + "】" + title + "\n请 " + String.join("、", people.stream().sorted().toList()) + " 留意。")));
        }
        return to;
    }
}
