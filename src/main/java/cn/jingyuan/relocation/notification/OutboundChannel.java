package cn.jingyuan.relocation.notification;

/**
 * A way out of the application for notices and the daily digest: the log (always there, the default) or a WeCom
 * group robot per township. Messages reach a channel through the outbox, after the change that caused them has
 * committed; a channel that throws gets the message again later, and the change is never rolled back for it.
 */
public interface OutboundChannel {

    /** Stable name, stored with each queued message ({@code log}, {@code wecom}). */
    String name();

    /** Whether this channel is configured for the target (a township's slug or {@code county}). */
    boolean serves(String target);

    /** Sends one message, or throws {@link OutboundException} saying why it was not accepted. */
    void send(OutboundMessage message) throws OutboundException;

    /** A send that failed: the message stays queued and is tried again. */
    class OutboundException extends Exception {
        public OutboundException(String message) {
            super(message);
        }

        public OutboundException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
