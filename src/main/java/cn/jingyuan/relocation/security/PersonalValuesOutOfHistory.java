package cn.jingyuan.relocation.security;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.event.HistoricFormPropertyEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.springframework.stereotype.Component;

/**
 * Keeps personal values out of the engine's history ({@code ACT_HI_VARINST}, {@code ACT_HI_DETAIL}): relatives' names,
 * new addresses and flat numbers, and the free-text opinions that may hold them, submitted to a step of a case or to
 * a batch decision through any door ({@code /api}, {@code /engine-rest}, Tasklist's form submission). Their history
 * events reach the history tables, and every other history handler, with the value taken out: the variable's name,
 * who and when stay, the value does not. The values themselves live in the domain tables the steps' listeners write
 * (the case history's comment and details, the batch decisions), where the case file shows them to those who may see
 * the case; at run time the process still sees them for the command that completes the step.
 * <p>
 * Through {@code /api} the case steps' values are transient variables and leave no history at all; this holds for the
 * doors that set them as plain variables.
 */
@Component
class PersonalValuesOutOfHistory extends AbstractProcessEnginePlugin {

    /** By process definition key: the variables whose values never reach the history tables. */
    static final Map<String, Set<String>> PERSONAL = Map.of(
            "RelocationCaseProcess", Set.of("relativeName", "newAddress", "unitNo", "comment", "finding", "followUp"),
            "BatchApprovalProcess", Set.of("comment"));

    @Override
    public void postInit(ProcessEngineConfigurationImpl configuration) {
        // the engine asks the configuration for its handler at every flush, so wrapping it here covers every event
        configuration.setHistoryEventHandler(new Scrubbing(configuration.getHistoryEventHandler()));
    }

    static boolean personal(String processDefinitionKey, String name) {
        return processDefinitionKey != null && name != null && PERSONAL.getOrDefault(processDefinitionKey, Set.of()).contains(name);
    }

    /** Takes the value out of a personal variable's history event, then hands every event on. */
    static final class Scrubbing implements HistoryEventHandler {
        private final HistoryEventHandler next;

        Scrubbing(HistoryEventHandler next) {
            this.next = next;
        }

        @Override
        public void handleEvent(HistoryEvent event) {
            scrub(event);
            next.handleEvent(event);
        }

        @Override
        public void handleEvents(List<HistoryEvent> events) {
            events.forEach(Scrubbing::scrub);
            next.handleEvents(events);
        }

        static void scrub(HistoryEvent event) {
            if (event instanceof HistoricVariableUpdateEventEntity v && personal(processKey(v), v.getVariableName())) {
                v.setTextValue(null);
                v.setTextValue2(null);
                v.setByteValue(null);
                v.setLongValue(null);
                v.setDoubleValue(null);
            } else if (event instanceof HistoricFormPropertyEventEntity f && personal(processKey(f), f.getPropertyId())) {
                f.setPropertyValue(null);
            }
        }

        /** The event's process definition key, or the key its definition id begins with ({@code Key:version:id}). */
        private static String processKey(HistoryEvent e) {
            if (e.getProcessDefinitionKey() != null) {
                return e.getProcessDefinitionKey();
            }
            String id = e.getProcessDefinitionId();
            return id == null ? null : id.split(":")[0];
        }
    }
}
