package cn.jingyuan.relocation.notification.internal;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.notification.NotificationProperties;
import cn.jingyuan.relocation.notification.OutboundChannel;
import cn.jingyuan.relocation.notification.OutboundMessage;

/**
 * Outbound messages go through a table: queued in the transaction of what caused them (so a message exists
 * exactly when its cause committed) and sent afterwards. Every node polls for due messages; a node first claims a
 * message for a while ({@code claimed_until}, one conditional UPDATE), so in a cluster each message is sent by one
 * node at a time. A failed send is tried again after a pause that doubles each time, up to
 * {@code relocation.notification.outbox.max-attempts}; the step that caused it is long committed and never rolled
 * back for it.
 */
@Component
public class Outbox {

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    private static final int BATCH = 50;

    private final OutboxMapper mapper;
    private final Channels channels;
    private final NotificationProperties properties;
    private final Clock clock;

    Outbox(OutboxMapper mapper, Channels channels, NotificationProperties properties, Clock clock) {
        this.mapper = mapper;
        this.channels = channels;
        this.properties = properties;
        this.clock = clock;
    }

    /** Queues the message for the channel that serves its target, in the caller's transaction. */
    public void enqueue(OutboundMessage message) {
        OutboxRow row = new OutboxRow();
        row.channel = channels.forTarget(message.target()).name();
        row.target = message.target();
        row.format = message.format().name();
        row.content = message.content();
        row.status = OutboxRow.PENDING;
        row.createdAt = LocalDateTime.now(clock);
        row.nextAttemptAt = row.createdAt;
        mapper.insert(row);
    }

    @Scheduled(fixedDelayString = "${relocation.notification.outbox.poll-every:PT15S}", initialDelayString = "PT30S")
    void poll() {
        if (properties.outbox().relayEnabled()) {
            try {
                deliverDue();
            } catch (RuntimeException e) {
                log.warn("outbound delivery stopped for now: {}", e.toString());
            }
        }
    }

    /** Sends what is due, each message in its own short transaction; returns how many were delivered. */
    public int deliverDue() {
        int delivered = 0;
        LocalDateTime now = LocalDateTime.now(clock);
        for (long id : mapper.findDue(now, BATCH)) {
            if (mapper.claim(id, now, now.plus(properties.outbox().claimFor())) == 1 && deliver(mapper.findById(id))) {
                delivered++;
            }
        }
        return delivered;
    }

    private boolean deliver(OutboxRow row) {
        Optional<OutboundChannel> channel = channels.byName(row.channel);
        LocalDateTime now = LocalDateTime.now(clock);
        try {
            if (channel.isEmpty()) {
                throw new OutboundChannel.OutboundException("no channel " + row.channel + " on this node");
            }
            channel.get().send(new OutboundMessage(row.target, OutboundMessage.Format.valueOf(row.format), row.content));
            mapper.markDelivered(row.id, now);
            return true;
        } catch (OutboundChannel.OutboundException | RuntimeException e) {
            String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            error = error.length() > 500 ? error.substring(0, 500) : error;
            if (row.attempts >= properties.outbox().maxAttempts()) {
                log.error("gave up sending outbound message {} to {} after {} attempts: {}", row.id, row.target, row.attempts, error);
                mapper.markFailed(row.id, OutboxRow.FAILED, row.nextAttemptAt, error);
            } else {
                log.warn("outbound message {} to {} not sent (attempt {}), trying again later: {}", row.id, row.target, row.attempts, error);
                mapper.markFailed(row.id, OutboxRow.PENDING, now.plus(properties.outbox().pauseAfter(row.attempts)), error);
            }
            return false;
        }
    }
}
