package cn.jingyuan.relocation.notification.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.notification.OutboundChannel;
import cn.jingyuan.relocation.notification.OutboundMessage;

/** The default channel: writes the message to the application log (logger {@code relocation.outbound}). */
@Component
class LogChannel implements OutboundChannel {

    private static final Logger log = LoggerFactory.getLogger("relocation.outbound");

    @Override
    public String name() {
        return "log";
    }

    @Override
    public boolean serves(String target) {
        return true;
    }

    @Override
    public void send(OutboundMessage message) {
        log.info("[{}] {}", message.target(), message.content());
    }
}
