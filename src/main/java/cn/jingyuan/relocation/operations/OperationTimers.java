package cn.jingyuan.relocation.operations;

import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Timings of the work people wait for: a ledger import ({@code relocation_import_seconds}) and the completion of a
 * step ({@code relocation_step_completion_seconds}), each tagged with its outcome ({@code ok} or the exception's
 * simple name), with percentiles for Prometheus.
 */
@Component
public class OperationTimers {

    private static final Logger log = LoggerFactory.getLogger(OperationTimers.class);

    private final MeterRegistry registry;

    OperationTimers(MeterRegistry registry) {
        this.registry = registry;
    }

    public <T> T timeImport(Supplier<T> work) {
        long start = System.nanoTime();
        String outcome = "failed";
        try {
            T result = time("relocation.import", "ledger imports, whole (read, validate, store, open the cases)", work);
            outcome = "done";
            return result;
        } finally {
            log.info("ledger import {} in {} ms", outcome, (System.nanoTime() - start) / 1_000_000);
        }
    }

    public <T> T timeCompletion(Supplier<T> work) {
        return time("relocation.step.completion", "completions of a step", work);
    }

    private <T> T time(String name, String description, Supplier<T> work) {
        long start = System.nanoTime();
        String outcome = "ok";
        try {
            return work.get();
        } catch (RuntimeException e) {
            outcome = e.getClass().getSimpleName();
            throw e;
        } finally {
            Timer.builder(name).description(description).tag("outcome", outcome).publishPercentileHistogram()
                    .register(registry).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }
}
