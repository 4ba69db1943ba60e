package cn.jingyuan.relocation.notification;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

import cn.jingyuan.relocation.worklist.NoticeType;

/**
 * {@code relocation.notification}: which notices also leave the application, the WeCom group robots, and how the
 * outbox retries.
 *
 * @param outboundTypes the notice types also sent to the group chats (the in-app message is always written)
 * @param wecom         the robots' webhook URLs by township slug, {@code county} for the county offices
 * @param outbox        delivery and retries of queued messages
 */
@ConfigurationProperties("relocation.notification")
public record NotificationProperties(Set<NoticeType> outboundTypes, WeCom wecom, Outbox outbox) {

    public NotificationProperties {
        outboundTypes = outboundTypes == null
                ? Set.of(NoticeType.RETURNED, NoticeType.URGED, NoticeType.DELEGATED, NoticeType.COSIGN, NoticeType.DUE_SOON, NoticeType.OVERDUE)
                : Set.copyOf(outboundTypes);
        wecom = wecom == null ? new WeCom(null, null) : wecom;
        outbox = outbox == null ? new Outbox(null, 0, null, null, null) : outbox;
    }

    /** @param webhooks robot URL ({@code https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=...}) by target */
    public record WeCom(Map<String, String> webhooks, Duration timeout) {
        public WeCom {
            webhooks = webhooks == null ? Map.of() : Map.copyOf(webhooks);
            timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
        }
    }

    /**
     * @param relayEnabled whether this node delivers queued messages in the background (off where jobs are off)
     * @param maxAttempts  sends tried before a message is given up (and logged as an error)
     * @param firstRetry   the pause after the first failure, doubled after each further one up to {@code maxRetry}
     */
    public record Outbox(Boolean relayEnabled, int maxAttempts, Duration firstRetry, Duration maxRetry, Duration claimFor) {
        public Outbox {
            relayEnabled = relayEnabled == null || relayEnabled;
            maxAttempts = maxAttempts <= 0 ? 10 : maxAttempts;
            firstRetry = firstRetry == null ? Duration.ofMinutes(1) : firstRetry;
            maxRetry = maxRetry == null ? Duration.ofHours(1) : maxRetry;
            claimFor = claimFor == null ? Duration.ofMinutes(2) : claimFor;
        }

        /** The pause after the {@code attempts}-th failed send. */
        public Duration pauseAfter(int attempts) {
            Duration d = firstRetry;
            for (int i = 1; i < attempts && d.compareTo(maxRetry) < 0; i++) {
                d = d.multipliedBy(2);
            }
            return d.compareTo(maxRetry) > 0 ? maxRetry : d;
        }
    }
}
