package cn.jingyuan.relocation.operations;

import static org.assertj.core.api.Assertions.assertThat;

import org.camunda.bpm.engine.OptimisticLockingException;
import org.junit.jupiter.api.Test;

import jakarta.ws.rs.core.Response;

/** What {@code /engine-rest} answers for an engine failure: a lost race is a 409 there too, as in {@code /api}. */
class EngineRestAnswersTests {

    @Test
    void aCompletionThatLostARaceIs409() {
        Response r = new EngineRestUnavailable.Mapper().toResponse(new OptimisticLockingException("ENGINE-03005 Execution of 'UPDATE TaskEntity' failed"));
        assertThat(r.getStatus()).isEqualTo(409);
        assertThat(String.valueOf(r.getEntity())).contains("OptimisticLockingException");
    }

    @Test
    void otherFailuresKeepCamundasAnswer() {
        Response r = new EngineRestUnavailable.Mapper().toResponse(new org.camunda.bpm.engine.exception.NullValueException("no task"));
        assertThat(r.getStatus()).isNotEqualTo(409);
    }
}
