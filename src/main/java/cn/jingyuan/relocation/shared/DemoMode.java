package cn.jingyuan.relocation.shared;

import java.util.Locale;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Whether the database is the embedded H2 (a file or in-memory H2 inside this JVM, {@code jdbc:h2:file:},
 * {@code jdbc:h2:mem:}; not an H2 server reached over {@code tcp:}/{@code ssl:}), and whether the demo accounts (password
 * {@code demo}) and the demo data are loaded: {@code relocation.demo.enabled} ({@code RELOCATION_DEMO}) is
 * {@code true}, {@code false} or {@code auto} (the default: only on the embedded H2). Whatever the profile is called,
 * any other database gets the demo only when asked for with {@code true}.
 */
public final class DemoMode {

    public static final String PROPERTY = "relocation.demo.enabled";

    private DemoMode() {
    }

    public static boolean embeddedH2(Environment environment) {
        return embeddedH2(environment.getProperty("spring.datasource.url"));
    }

    public static boolean embeddedH2(String url) {
        if (url == null) {
            return false;
        }
        String u = url.strip().toLowerCase(Locale.ROOT);
        return u.startsWith("jdbc:h2:") && !u.startsWith("jdbc:h2:tcp:") && !u.startsWith("jdbc:h2:ssl:");
    }

    public static boolean enabled(Environment environment) {
        String value = environment.getProperty(PROPERTY, "auto").strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            case "auto", "" -> embeddedH2(environment);
            default -> throw new IllegalStateException(PROPERTY + " (RELOCATION_DEMO) must be true, false or auto, not " + value);
        };
    }

    /** True when asked for outside the embedded H2: the start-up log then warns. */
    public static boolean outsideEmbeddedH2(Environment environment) {
        return enabled(environment) && !embeddedH2(environment);
    }

    /** Matches when the demo accounts and data are loaded. */
    public static final class OnDemo implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return enabled(context.getEnvironment());
        }
    }
}
