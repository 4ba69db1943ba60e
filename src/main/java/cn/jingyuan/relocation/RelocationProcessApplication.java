package cn.jingyuan.relocation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.spring.boot.starter.SpringBootProcessApplication;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The process application: deploys every BPMN, DMN and Camunda Form file of {@code bpmn/} (see
 * META-INF/processes.xml). The engine's own classpath scanner cannot read Spring Boot's nested-jar layout, so an
 * executable jar would deploy nothing; Spring's resource resolver reads it in both the jar and the IDE.
 */
public class RelocationProcessApplication extends SpringBootProcessApplication {

    static final String[] PATTERNS = {"classpath*:bpmn/*.bpmn", "classpath*:bpmn/*.dmn", "classpath*:bpmn/*.form"};

    @Override
    public void createDeployment(String processArchiveName, DeploymentBuilder deployment) {
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver(getProcessApplicationClassloader());
        try {
            for (String pattern : PATTERNS) {
                for (Resource r : resolver.getResources(pattern)) {
                    try (InputStream in = r.getInputStream()) {
                        deployment.addInputStream("bpmn/" + r.getFilename(), in);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the process resources of bpmn/", e);
        }
    }
}
