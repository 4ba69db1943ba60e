package cn.jingyuan.relocation.approval;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The application for the process tests of {@code bpmn/batch-approval.bpmn} and {@code bpmn/annual-plan.bpmn}: the
 * real delegates, listeners and domain tables, on an in-memory H2 of its own, without demo data (so nothing but the
 * test's own cases and jobs are there) and with jobs executed only when a test says so. Every class with this
 * annotation shares one context; each test makes its own accounts ({@link Actors}) and its own plan years.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(properties = {
        "spring.datasource.url=jdbc:h2:mem:relocation-process;MODE=MySQL;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
        "camunda.bpm.job-execution.enabled=false",
        "relocation.demo.enabled=false",
})
public @interface ProcessTest {
}
