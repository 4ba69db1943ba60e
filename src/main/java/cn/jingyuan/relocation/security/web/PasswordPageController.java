package cn.jingyuan.relocation.security.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * 修改密码: the form sends {@code POST /api/me/password} (the contract's door, with its rules and messages) and shows
 * the answer's messages beside their fields.
 */
@Controller
class PasswordPageController {

    @GetMapping("/password")
    String password() {
        return "security/password";
    }
}
