package cn.jingyuan.relocation.security;

import org.springframework.http.MediaType;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.util.HtmlUtils;

/** The browser's login form (Chinese); scripts use HTTP Basic instead. */
@Controller
class LoginPage {

    @GetMapping(value = "/login", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    String login(CsrfToken csrf, @RequestParam(required = false) String error, @RequestParam(required = false) String logout) {
        String message = error != null ? "<p class=\"err\">用户名或密码错误,或账号已被临时锁定。</p>"
                : logout != null ? "<p class=\"ok\">已退出登录。</p>" : "";
        return """
                <!DOCTYPE html>
                <html lang="zh-CN"><head><meta charset="UTF-8"><title>登录 - 泾源县地质灾害避险搬迁业务系统</title>
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <style>body{font-family:"Microsoft YaHei","PingFang SC",sans-serif;background:#f4f6f8;margin:0}
                main{max-width:360px;margin:12vh auto;background:#fff;padding:32px;border-radius:8px;box-shadow:0 2px 12px #0001}
                h1{font-size:20px;margin:0 0 20px}label{display:block;margin:12px 0 4px}input{width:100%%;padding:8px;box-sizing:border-box}
                button{margin-top:20px;width:100%%;padding:10px;background:#1f6feb;color:#fff;border:0;border-radius:4px;font-size:16px}
                .err{color:#b00020}.ok{color:#137333}</style></head>
                <body><main><h1>泾源县地质灾害避险搬迁业务系统</h1>%s
                <form method="post" action="login">
                <label for="username">用户名</label><input id="username" name="username" autocomplete="username" autofocus required>
                <label for="password">密码</label><input id="password" name="password" type="password" autocomplete="current-password" required>
                <input type="hidden" name="%s" value="%s">
                <button type="submit">登录</button></form></main></body></html>
                """.formatted(message, HtmlUtils.htmlEscape(csrf.getParameterName()), HtmlUtils.htmlEscape(csrf.getToken()));
    }
}
