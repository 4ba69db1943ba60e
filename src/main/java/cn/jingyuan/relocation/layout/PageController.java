package cn.jingyuan.relocation.layout;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.stereotype.Controller;

/**
 * A controller of pages (HTML): its refusals (404, 403, 409, 400 from the services) become a Chinese error page
 * in the layout ({@link PageErrors}) instead of the problem+json that {@code /api} answers.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Controller
public @interface PageController {
}
