package cn.jingyuan.relocation.layout;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a page controller whose refusals ({@code ApiException}: 403, 404, 409 ...) are shown as a page in Chinese
 * with the layout ({@link PageProblems}) rather than as the problem+json that {@code /api} answers.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ServerPage {
}
