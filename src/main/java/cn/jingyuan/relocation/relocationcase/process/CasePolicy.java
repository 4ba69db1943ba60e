package cn.jingyuan.relocation.relocationcase.process;

import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.relocationcase.CaseProperties;

/**
 * {@code ${casePolicy.noticePeriod}} and {@code ${casePolicy.demolitionDeadline}}: the timers' durations, from
 * configuration, as text the engine's business calendar reads ({@code 7WD} working days or an ISO-8601 duration).
 */
@Component
public class CasePolicy {

    private final CaseProperties properties;

    CasePolicy(CaseProperties properties) {
        this.properties = properties;
    }

    public String getNoticePeriod() {
        return properties.noticePeriod().toString();
    }

    public String getDemolitionDeadline() {
        return properties.demolitionDeadline().toString();
    }
}
