package cn.jingyuan.relocation.layout;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

import cn.jingyuan.relocation.security.CurrentUsers;
import cn.jingyuan.relocation.shared.ApiException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** A refusal on a {@link ServerPage}: its status and its Chinese message on a page with the layout. */
@ControllerAdvice(annotations = ServerPage.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class PageProblems {

    private final PageText text;
    private final LayoutInterceptor layout;

    PageProblems(PageText text, LayoutInterceptor layout) {
        this.text = text;
        this.layout = layout;
    }

    @ExceptionHandler(ApiException.class)
    ModelAndView refused(ApiException e, HttpServletRequest request, HttpServletResponse response) {
        response.setStatus(e.status().value());
        ModelAndView mav = new ModelAndView("fragments/problem");
        mav.setStatus(e.status());
        mav.addObject("message", text.readable(e.getMessage()));
        mav.addObject("heading", switch (e.status().value()) {
            case 403 -> "无权访问";
            case 404 -> "没有找到";
            case 409 -> "操作未完成";
            default -> "请求有误";
        });
        // an exception skips the interceptors' postHandle: the header and navigation are added here
        CurrentUsers.find().ifPresent(user -> mav.addObject("layout",
                layout.model(user, request.getRequestURI().substring(request.getContextPath().length()))));
        return mav;
    }
}
