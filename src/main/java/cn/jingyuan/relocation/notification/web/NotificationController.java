package cn.jingyuan.relocation.notification.web;

import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import cn.jingyuan.relocation.notification.NotificationService;
import cn.jingyuan.relocation.notification.NotificationView;
import cn.jingyuan.relocation.security.CurrentUsers;
import cn.jingyuan.relocation.shared.PageRequest;
import cn.jingyuan.relocation.shared.PageResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/notifications")
@Tag(name = "notifications", description = "我的消息:新待办、退回、催办、抄送、委派、加签、即将到期、已逾期")
class NotificationController {

    private final NotificationService notifications;

    NotificationController(NotificationService notifications) {
        this.notifications = notifications;
    }

    @GetMapping
    @Operation(summary = "我的消息,最新的在前;unread=true 只看未读")
    PageResult<NotificationView> list(@RequestParam(required = false) Boolean unread, @RequestParam(required = false) Integer page,
                                      @RequestParam(required = false) Integer size) {
        return notifications.list(CurrentUsers.current(), Boolean.TRUE.equals(unread), PageRequest.of(page, size));
    }

    @GetMapping("/unread-count")
    @Operation(summary = "未读消息数(页头)")
    Map<String, Long> unreadCount() {
        return Map.of("unread", notifications.unreadCount(CurrentUsers.current()));
    }

    @PostMapping("/{id}/read")
    @Operation(summary = "标为已读")
    NotificationView read(@PathVariable long id) {
        return notifications.markRead(id, CurrentUsers.current());
    }

    @PostMapping("/read-all")
    @Operation(summary = "全部标为已读")
    Map<String, Integer> readAll() {
        return Map.of("marked", notifications.markAllRead(CurrentUsers.current()));
    }
}
