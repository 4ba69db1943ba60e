package cn.jingyuan.relocation.notification.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.notification.internal.Digest;

/** {@code ${sendDigestDelegate}}: queues the morning digest for every group chat, as of the engine's clock. */
@Component
public class SendDigestDelegate implements JavaDelegate {

    private final Digest digest;

    SendDigestDelegate(Digest digest) {
        this.digest = digest;
    }

    @Override
    public void execute(DelegateExecution execution) {
        execution.setVariable(DailyRemindersProcess.VAR_DIGESTS, digest.send(ClockUtil.getCurrentTime().toInstant()));
    }
}
