package cn.jingyuan.relocation.notification.internal;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.notification.OutboundChannel;

/** The outbound channels the application has; a target without a configured channel gets the log. */
@Component
class Channels {

    private final List<OutboundChannel> channels;
    private final LogChannel log;

    Channels(List<OutboundChannel> channels, LogChannel log) {
        this.channels = channels;
        this.log = log;
    }

    OutboundChannel forTarget(String target) {
        return channels.stream().filter(c -> c != log && c.serves(target)).findFirst().orElse(log);
    }

    Optional<OutboundChannel> byName(String name) {
        return channels.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
