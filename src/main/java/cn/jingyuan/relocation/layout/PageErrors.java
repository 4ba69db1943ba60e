package cn.jingyuan.relocation.layout;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

import cn.jingyuan.relocation.shared.ApiException;

/** A page's refusal as a page: the service's Chinese message (its English part is for scripts) and a way back. */
@ControllerAdvice(annotations = PageController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class PageErrors {

    @ExceptionHandler(ApiException.class)
    ModelAndView refused(ApiException e) {
        ModelAndView mav = new ModelAndView("fragments/error");
        mav.setStatus(e.status());
        mav.addObject("errorTitle", switch (e.status().value()) {
            case 404 -> "没有找到";
            case 403 -> "无权访问";
            case 409 -> "无法办理";
            default -> "操作未成功";
        });
        mav.addObject("message", chineseOnly(e.getMessage()));
        return mav;
    }

    /** The message without its bracketed English (the contract's messages read "中文 (English)"). */
    public static String chineseOnly(String message) {
        if (message == null) {
            return "";
        }
        return message.replaceAll("\\s*\\([^()]*[A-Za-z][^()]*\\)\\s*$", "").strip();
    }
}
