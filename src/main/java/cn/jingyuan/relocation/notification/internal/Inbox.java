package cn.jingyuan.relocation.notification.internal;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.springframework.jdbc.core.JdbcTemplate;
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

    private final JdbcTemplate jdbc;
    private final Outbox outbox;
    private final Directory directory;
    private final NotificationProperties properties;
    private final Clock clock;

    Inbox(JdbcTemplate jdbc, Outbox outbox, Directory directory, NotificationProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.directory = directory;
        this.properties = properties;
        this.clock = clock;
    }

    /** One notice to write: its type, recipients (groups already expanded), text, case, step and who caused it. */
    public record Notice(NoticeType type, Set<String> recipients, String title, String caseNo, String taskId, String actorId) {
    }

    /** Rows one JDBC batch sends at most (Connector/J rewrites a batch into multi-row statements). */
    static final int ROWS_PER_BATCH = 1_000;

    private static final String INSERT = "INSERT INTO notification (recipient_id, type, title, case_no, task_id, actor_id, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)";

    /**
     * @param recipients user ids (groups already expanded)
     * @param actorId    who caused it, left out of the recipients; null for the system
     * @return the users written to
     */
    public Set<String> deliver(NoticeType type, Set<String> recipients, String title, String caseNo, String taskId, String actorId) {
        return deliverAll(List.of(new Notice(type, recipients, title, caseNo, taskId, actorId))).get(0);
    }

    /**
     * Writes these notices together, their messages in JDBC batches of one static statement (a batch advanced or cases
     * opened bring hundreds of new steps to one commit, each of them a notice to its group's members).
     *
     * @return for each notice, in order, the users written to
     */
    public List<Set<String>> deliverAll(List<Notice> notices) {
        LocalDateTime now = LocalDateTime.now(clock);
        List<Set<String>> written = new ArrayList<>(notices.size());
        List<NotificationRow> rows = new ArrayList<>();
        for (Notice n : notices) {
            Set<String> to = new LinkedHashSet<>(n.recipients());
            if (n.actorId() != null) {
                to.remove(n.actorId());
            }
            written.add(to);
            String title = n.title().length() > 500 ? n.title().substring(0, 499) + "…" : n.title();
            for (String userId : to) {
                NotificationRow r = new NotificationRow();
                r.recipientId = userId;
                r.type = n.type().name();
                r.title = title;
                r.caseNo = n.caseNo();
                r.taskId = n.taskId();
                r.actorId = n.actorId();
                r.createdAt = now;
                rows.add(r);
            }
        }
        // one static statement in JDBC batches: MyBatis building a <foreach> of seven values a row was most of the cost
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(INSERT, rows, ROWS_PER_BATCH, (ps, r) -> {
                ps.setString(1, r.recipientId);
                ps.setString(2, r.type);
                ps.setString(3, r.title);
                ps.setString(4, r.caseNo);
                ps.setString(5, r.taskId);
                ps.setString(6, r.actorId);
                ps.setObject(7, r.createdAt);
            });
        }
        for (int i = 0; i < notices.size(); i++) {
            Notice n = notices.get(i);
            Set<String> to = written.get(i);
            if (!to.isEmpty() && properties.outboundTypes().contains(n.type())) {
                Map<String, String> names = directory.names(to);
                Map<String, List<String>> byChat = new TreeMap<>();
                directory.chatOf(to).forEach((user, chat) -> byChat.computeIfAbsent(chat, k -> new ArrayList<>()).add(names.get(user)));
                byChat.forEach((chat, people) -> outbox.enqueue(new OutboundMessage(chat, OutboundMessage.Format.TEXT,
                        "【" + n.type().label() + "】" + n.title() + "\n请 " + String.join("、", people.stream().sorted().toList()) + " 留意。")));
            }
        }
        return written;
    }
}
