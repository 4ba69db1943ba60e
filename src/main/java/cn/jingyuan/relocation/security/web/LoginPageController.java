package cn.jingyuan.relocation.security.web;

import org.springframework.security.authentication.DisabledException;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import cn.jingyuan.relocation.security.LoginThrottledException;
import jakarta.servlet.http.HttpSession;

/**
 * The browser's login form (also shown at {@code /} to a visitor); scripts use HTTP Basic instead. After a failed
 * login it says why, in the throttle's words when this address must wait.
 */
@Controller
class LoginPageController {

    @GetMapping("/login")
    String login(@RequestParam(required = false) String error, @RequestParam(required = false) String logout,
                 HttpSession session, Model model) {
        if (error != null) {
            Object failure = session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
            model.addAttribute("error", failure instanceof LoginThrottledException throttled
                    ? throttled.getMessage().replaceAll(" \\(.*\\)$", "") + "。如忘记密码,请联系系统管理员重置。"
                    : failure instanceof DisabledException ? "该账号已停用,请联系系统管理员。"
                    : "用户名或密码错误。同一地址连续输错5次后,须等待一段时间才能再试。");
        } else if (logout != null) {
            model.addAttribute("message", "已退出登录。");
        }
        return "security/login";
    }
}
