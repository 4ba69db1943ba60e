package cn.jingyuan.relocation.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.impl.history.event.HistoricFormPropertyEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.junit.jupiter.api.Test;

import cn.jingyuan.relocation.approval.process.BatchApprovalProcess;
import cn.jingyuan.relocation.relocationcase.process.RelocationCaseProcess;

/**
 * The history handler that takes personal values out: relatives' names, new addresses, flat numbers and opinions of
 * a case, a batch decision's comment; every other value, and every other process's, passes unchanged.
 */
class PersonalValuesOutOfHistoryTests {

    final List<HistoryEvent> handled = new ArrayList<>();
    final PersonalValuesOutOfHistory.Scrubbing scrubbing = new PersonalValuesOutOfHistory.Scrubbing(new HistoryEventHandler() {
        @Override
        public void handleEvent(HistoryEvent e) {
            handled.add(e);
        }

        @Override
        public void handleEvents(List<HistoryEvent> events) {
            handled.addAll(events);
        }
    });

    private static HistoricVariableUpdateEventEntity variable(String processKey, String name, String value) {
        HistoricVariableUpdateEventEntity e = new HistoricVariableUpdateEventEntity();
        e.setProcessDefinitionKey(processKey);
        e.setVariableName(name);
        e.setSerializerName("string");
        e.setTextValue(value);
        return e;
    }

    @Test
    void theProcessIdsAreThoseOfTheProcesses() {
        assertThat(PersonalValuesOutOfHistory.PERSONAL).containsOnlyKeys(RelocationCaseProcess.PROCESS_ID, BatchApprovalProcess.PROCESS_ID);
    }

    @Test
    void personalValuesOfACaseAndABatchLeaveOnlyTheirNames() {
        for (String name : List.of("relativeName", "newAddress", "unitNo", "comment", "finding", "followUp")) {
            HistoricVariableUpdateEventEntity e = variable(RelocationCaseProcess.PROCESS_ID, name, "马桂兰 向阳村3组12号");
            scrubbing.handleEvent(e);
            assertThat(e.getTextValue()).as(name).isNull();
            assertThat(e.getTextValue2()).isNull();
            assertThat(e.getVariableName()).isEqualTo(name);
        }
        HistoricVariableUpdateEventEntity batch = variable(BatchApprovalProcess.PROCESS_ID, "comment", "同意,马某某户另议");
        scrubbing.handleEvents(List.of(batch));
        assertThat(batch.getTextValue()).isNull();
        assertThat(handled).hasSize(7);
    }

    @Test
    void aKeyMissingOnTheEventIsTakenFromTheDefinitionId() {
        HistoricVariableUpdateEventEntity e = variable(null, "newAddress", "新民乡杨堡村安置点5号");
        e.setProcessDefinitionId(RelocationCaseProcess.PROCESS_ID + ":3:a1b2c3");
        scrubbing.handleEvent(e);
        assertThat(e.getTextValue()).isNull();
    }

    @Test
    void aFormSubmissionsPersonalPropertiesAreTakenOutToo() {
        HistoricFormPropertyEventEntity f = new HistoricFormPropertyEventEntity();
        f.setProcessDefinitionKey(RelocationCaseProcess.PROCESS_ID);
        f.setPropertyId("relativeName");
        f.setPropertyValue("马桂兰");
        HistoricFormPropertyEventEntity date = new HistoricFormPropertyEventEntity();
        date.setProcessDefinitionKey(RelocationCaseProcess.PROCESS_ID);
        date.setPropertyId("moveInDate");
        date.setPropertyValue("2025-06-01");

        scrubbing.handleEvents(List.of(f, date));

        assertThat(f.getPropertyValue()).isNull();
        assertThat(date.getPropertyValue()).isEqualTo("2025-06-01");
    }

    @Test
    void otherValuesAndOtherProcessesPassUnchanged() {
        HistoricVariableUpdateEventEntity decision = variable(RelocationCaseProcess.PROCESS_ID, "decision", "APPROVE");
        HistoricVariableUpdateEventEntity planComment = variable("AnnualPlanProcess", "comment", "同意");
        HistoricVariableUpdateEventEntity documentNo = variable(BatchApprovalProcess.PROCESS_ID, "documentNo", "泾政发〔2025〕7号");
        scrubbing.handleEvents(List.of(decision, planComment, documentNo));
        assertThat(decision.getTextValue()).isEqualTo("APPROVE");
        assertThat(planComment.getTextValue()).isEqualTo("同意");
        assertThat(documentNo.getTextValue()).isEqualTo("泾政发〔2025〕7号");
        assertThat(handled).containsExactly(decision, planComment, documentNo);
    }
}
