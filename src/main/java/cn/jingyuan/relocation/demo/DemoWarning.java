package cn.jingyuan.relocation.demo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.shared.DemoMode;

/**
 * Demo accounts (password {@code demo}) and demo data outside the embedded H2 exist only because someone asked for
 * them ({@code RELOCATION_DEMO=true}); the log says so in capitals when the application starts and when it is ready.
 */
@Component
class DemoWarning implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(DemoWarning.class);

    static final String WARNING = "DEMO MODE ON A REAL DATABASE: THE DEMO ACCOUNTS (PASSWORD \"demo\") AND THE DEMO DATA ARE LOADED INTO {}."
            + " ANYONE CAN LOG IN AS admin. NEVER RUN THIS WITH REAL PEOPLE'S DATA: UNSET RELOCATION_DEMO.";

    private final boolean warn;
    private final String url;

    DemoWarning(Environment environment) {
        this.warn = DemoMode.outsideEmbeddedH2(environment);
        // without its parameters: a URL may carry a password
        String u = String.valueOf(environment.getProperty("spring.datasource.url"));
        this.url = u.contains("?") ? u.substring(0, u.indexOf('?')) : u;
        if (warn) {
            log.warn(WARNING, url);
        }
    }

    boolean warns() {
        return warn;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (warn) {
            log.warn(WARNING, url);
        }
    }
}
