package cn.jingyuan.relocation.notification;

import java.time.Clock;
import java.time.LocalDateTime;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import cn.jingyuan.relocation.notification.internal.NotificationMapper;
import cn.jingyuan.relocation.notification.internal.NotificationRow;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.shared.Coded;
import cn.jingyuan.relocation.shared.PageRequest;
import cn.jingyuan.relocation.shared.PageResult;
import cn.jingyuan.relocation.worklist.NoticeType;

/**
 * 我的消息: each person's notices, newest first, and the unread count the page header shows. A person sees and
 * marks only their own messages; another's is simply not there (404).
 */
@Service
public class NotificationService {

    private final NotificationMapper notifications;
    private final Clock clock;

    NotificationService(NotificationMapper notifications, Clock clock) {
        this.notifications = notifications;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public PageResult<NotificationView> list(CurrentUser user, boolean unreadOnly, PageRequest page) {
        long total = notifications.countByRecipient(user.id(), unreadOnly);
        return new PageResult<>(notifications.findByRecipient(user.id(), unreadOnly, page.offset(), page.size()).stream()
                .map(NotificationService::view).toList(), total, page.page(), page.size());
    }

    /** The number of unread messages, for the page header. */
    @Transactional(readOnly = true)
    public long unreadCount(CurrentUser user) {
        return notifications.countByRecipient(user.id(), true);
    }

    /** Marks one of the user's messages read (again is fine); 404 when it is not theirs. */
    @Transactional
    public NotificationView markRead(long id, CurrentUser user) {
        NotificationRow row = notifications.findById(id);
        if (row == null || !row.recipientId.equals(user.id())) {
            throw ApiException.notFound("没有这条消息 (no such notification)");
        }
        notifications.markRead(id, user.id(), LocalDateTime.now(clock));
        return view(notifications.findById(id));
    }

    /** Marks all of the user's messages read; returns how many were unread. */
    @Transactional
    public int markAllRead(CurrentUser user) {
        return notifications.markAllRead(user.id(), LocalDateTime.now(clock));
    }

    private static NotificationView view(NotificationRow r) {
        String label = Coded.lookup(NoticeType.class, r.type).map(NoticeType::label).orElse("通知");
        return new NotificationView(r.id, r.type, label, r.title, r.caseNo, r.taskId, r.createdAt, r.readAt != null);
    }
}
