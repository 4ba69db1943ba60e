package cn.jingyuan.relocation.layout;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Hooks the layout into page rendering; {@code /api} answers are not touched. */
@Configuration(proxyBeanMethods = false)
class PagesConfig implements WebMvcConfigurer {

    private final LayoutInterceptor layout;

    PagesConfig(LayoutInterceptor layout) {
        this.layout = layout;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(layout).excludePathPatterns("/api/**", "/webjars/**", "/_static/**", "/css/**", "/js/**");
    }
}
