package cn.jingyuan.relocation.support;

import java.lang.annotation.Annotation;
import java.lang.annotation.Documented;
import java.lang.annotation.Inherited;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.springframework.core.Ordered;
import org.springframework.test.annotation.DirtiesContext.HierarchyMode;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * Keeps one Spring test context open at a time. Camunda registers its engine JVM-wide under the name
 * {@code default}, so a second application context (H2, then MariaDB) cannot start while the first is still open:
 * before a test class whose context is not loaded yet, the previous class's context is closed.
 * <p>
 * As a {@link ClassOrderer} it runs the classes that share a context one after another and the MariaDB classes
 * last, so that each context still starts only once. Registered in src/test/resources: the orderer in
 * junit-platform.properties, the listener in META-INF/spring.factories.
 */
public final class OneContextAtATime implements ClassOrderer, TestExecutionListener, Ordered {

    private static TestContext previous;

    @Override
    public void beforeTestClass(TestContext testContext) {
        synchronized (OneContextAtATime.class) {
            if (previous != null && !testContext.hasApplicationContext()) {
                previous.markApplicationContextDirty(HierarchyMode.EXHAUSTIVE);
            }
            previous = testContext;
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().sort(Comparator
                .comparing((ClassDescriptor d) -> d.getTestClass().getSimpleName().contains("MariaDb"))
                .thenComparing(d -> configuration(d.getTestClass()))
                .thenComparing(d -> d.getTestClass().getName()));
    }

    /** The class-level annotations up the hierarchy: classes with the same ones share a context. */
    private static String configuration(Class<?> type) {
        List<String> out = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Annotation a : c.getDeclaredAnnotations()) {
                if (a.annotationType() != Documented.class && a.annotationType() != Inherited.class) {
                    out.add(a.toString());
                }
            }
        }
        return String.join(" ", out);
    }
}
