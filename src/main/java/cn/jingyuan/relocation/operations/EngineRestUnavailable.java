package cn.jingyuan.relocation.operations;

import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.rest.exception.ProcessEngineExceptionHandler;
import org.springframework.boot.autoconfigure.jersey.ResourceConfigCustomizer;
import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.shared.DatabaseUnavailable;
import jakarta.annotation.Priority;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * {@code /engine-rest} answers engine failures through its own JAX-RS mappers (500 for anything unknown). This one
 * goes first for {@link ProcessEngineException}: the database out of reach becomes 503 with {@code Retry-After},
 * as on {@code /api}; everything else goes to Camunda's mapper unchanged.
 */
@Component
class EngineRestUnavailable implements ResourceConfigCustomizer {

    @Override
    public void customize(org.glassfish.jersey.server.ResourceConfig config) {
        config.register(Mapper.class);
    }

    @Priority(1)
    public static class Mapper implements ExceptionMapper<ProcessEngineException> {

        private final ProcessEngineExceptionHandler camunda = new ProcessEngineExceptionHandler();

        @Override
        public Response toResponse(ProcessEngineException e) {
            if (DatabaseUnavailable.isOrDatabaseDown(e)) {
                return Response.status(503).header("Retry-After", DatabaseUnavailable.RETRY_AFTER_SECONDS)
                        .type(MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8"))
                        .entity("{\"type\":\"ServiceUnavailable\",\"message\":\"" + DatabaseUnavailable.DETAIL + "\"}").build();
            }
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof org.camunda.bpm.engine.OptimisticLockingException) {
                    // two people changed the same step at once and this one lost: a conflict, as /api answers it,
                    // not the 500 Camunda's own mapping gives
                    return Response.status(409).type(MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8"))
                            .entity("{\"type\":\"OptimisticLockingException\",\"message\":\"刚被他人办理,请刷新后重试"
                                    + " (changed by someone else meanwhile; reload and retry)\"}").build();
                }
            }
            return camunda.toResponse(e);
        }
    }
}
