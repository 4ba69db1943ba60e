package cn.jingyuan.relocation.steps.internal;

import java.util.List;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.shared.FieldError;
import cn.jingyuan.relocation.worklist.StepRejectedException;

/**
 * 加签 holds in the engine: a step whose co-signers still owe their opinion does not complete, whether through /api,
 * Tasklist or /engine-rest (the completion's transaction rolls back with a 400 on /api).
 */
@Component
class CosignGuard {

    private final CosignerMapper cosigners;

    CosignGuard(CosignerMapper cosigners) {
        this.cosigners = cosigners;
    }

    @EventListener
    public void on(DelegateTask task) {
        if (!TaskListener.EVENTNAME_COMPLETE.equals(task.getEventName())) {
            return;
        }
        long owing = cosigners.countOwing(task.getId());
        if (owing > 0) {
            throw new StepRejectedException(List.of(FieldError.of("cosigners",
                    "还有" + owing + "位加签人未提出意见,不能办理 (co-signers still owe their opinion)")));
        }
    }
}
