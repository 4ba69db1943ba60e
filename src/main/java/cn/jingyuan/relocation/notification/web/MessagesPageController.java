package cn.jingyuan.relocation.notification.web;

import cn.jingyuan.relocation.layout.PageController;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import cn.jingyuan.relocation.notification.NotificationService;
import cn.jingyuan.relocation.notification.NotificationView;
import cn.jingyuan.relocation.security.CurrentUser;
import cn.jingyuan.relocation.security.CurrentUsers;
import cn.jingyuan.relocation.shared.PageRequest;

/** 我的消息 (a tab of the workbench): the user's messages; opening one marks it read and leads to its step or case. */
@PageController
class MessagesPageController {

    private static final int PAGE_SIZE = 20;

    private final NotificationService notifications;

    MessagesPageController(NotificationService notifications) {
        this.notifications = notifications;
    }

    @GetMapping("/messages")
    String messages(@RequestParam(defaultValue = "false") boolean unread, @RequestParam(required = false) Integer page, Model model) {
        CurrentUser user = CurrentUsers.current();
        model.addAttribute("page", notifications.list(user, unread, PageRequest.of(page, PAGE_SIZE)));
        model.addAttribute("unreadOnly", unread);
        return "notification/messages";
    }

    @PostMapping("/messages/{id}/read")
    String open(@PathVariable long id) {
        NotificationView m = notifications.markRead(id, CurrentUsers.current());
        if (m.taskId() != null) {
            // a request to co-sign leads to the co-signer's own page (the step itself is its holder's)
            return "redirect:/tasks/" + m.taskId() + ("COSIGN".equals(m.type()) ? "/opinion" : "");
        }
        return m.caseNo() != null ? "redirect:/cases/" + m.caseNo() : "redirect:/messages";
    }

    @PostMapping("/messages/read-all")
    String readAll() {
        notifications.markAllRead(CurrentUsers.current());
        return "redirect:/messages";
    }
}
