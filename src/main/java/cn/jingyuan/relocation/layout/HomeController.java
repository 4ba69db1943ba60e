package cn.jingyuan.relocation.layout;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

import cn.jingyuan.relocation.security.CurrentUsers;

/** {@code /}: the login page for a visitor, the start page of their role for a logged-in user. */
@Controller
class HomeController {

    private final Navigation navigation;

    HomeController(Navigation navigation) {
        this.navigation = navigation;
    }

    @GetMapping("/")
    String home() {
        return CurrentUsers.find().map(u -> "redirect:" + navigation.landingOf(u)).orElse("forward:/login");
    }
}
