package cn.jingyuan.relocation.shared;

import java.time.Clock;
import java.time.ZoneId;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The county's clock: Beijing time. Everything that asks "today" asks this bean, so tests can fix it. */
@Configuration(proxyBeanMethods = false)
public class TimeConfig {

    public static final ZoneId COUNTY_ZONE = ZoneId.of("Asia/Shanghai");

    @Bean
    Clock clock() {
        return Clock.system(COUNTY_ZONE);
    }
}
