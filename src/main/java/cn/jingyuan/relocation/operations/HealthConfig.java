package cn.jingyuan.relocation.operations;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Readiness for the load balancer is the database plus the job executor (see {@code management.endpoint.health} in
 * application.yml). Camunda's own job-executor indicator reports a node DOWN when job execution is switched off
 * on purpose (a web-only node); this one (same bean name, so it replaces Camunda's) is UP then, and otherwise UP
 * only while the executor runs.
 */
@Configuration(proxyBeanMethods = false)
class HealthConfig {

    @Bean
    HealthIndicator jobExecutorHealthIndicator(ProcessEngine engine,
                                               @Value("${camunda.bpm.job-execution.enabled:true}") boolean enabled) {
        return () -> {
            if (!enabled) {
                return Health.up().withDetail("jobExecution", "off on this node").build();
            }
            JobExecutor jobs = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getJobExecutor();
            return jobs != null && jobs.isActive() ? Health.up().build() : Health.down().build();
        };
    }
}
