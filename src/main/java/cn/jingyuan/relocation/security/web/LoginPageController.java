package cn.jingyuan.relocation.security.web;

import org.springframework.security.authentication.LockedException;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import jakarta.servlet.http.HttpSession;

/**
 * The browser's login form (also shown at {@code /} to a visitor); scripts use HTTP Basic instead. After a failed
 * login it says why, in the throttle's words when the account is locked.
 */
@Controller
class LoginPageController {

    @GetMapping("/login")
    String login(@RequestParam(required = false) String error, @RequestParam(required = false) String logout,
                 HttpSession session, Model model) {
        if (error != null) {
            Object failure = session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
            model.addAttribute("error", failure instanceof LockedException locked
                    ? locked.getMessage() + ",请稍后再试或联系系统管理员。"
                    : "用户名或密码错误。连续输错5次,账号将被锁定15分钟。");
        } else if (logout != null) {
            model.addAttribute("message", "已退出登录。");
        }
        return "security/login";
    }
}
