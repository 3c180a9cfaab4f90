package io.github.posthogcommunity.posthog;

/**
 * Why an accepted (or offered) event was not delivered. Every event handed to the client ends as exactly
 * one of: sent, dropped with one of these reasons, or still pending.
 */
public enum DropReason {
    /** The bounded queue was full (or the blocking wait for space timed out). */
    QUEUE_FULL("queue_full"),
    /** The event failed validation: blank distinct id or event name, unserializable or too deeply nested properties. */
    INVALID("invalid"),
    /** A before-send hook returned {@code null} or threw. */
    BEFORE_SEND("before_send"),
    /** The serialized event exceeds the per-event size cap (900 KiB). */
    TOO_LARGE("too_large"),
    /** Every allowed attempt failed with a retryable error. */
    RETRIES_EXHAUSTED("retries_exhausted"),
    /** The server answered with a status that must not be retried (for example 400, 401, 403, 413 for one event). */
    REJECTED("rejected"),
    /** Capture v1: the server answered {@code drop} for the event (final). */
    SERVER_DROP("drop"),
    /** Capture v1: the server answered {@code limited} for the event (rate or quota limited, final). */
    RATE_LIMITED("limited"),
    /** The client was shut down before the event could be delivered, or the event arrived after shutdown. */
    SHUTDOWN("shutdown");

    private final String wireName;

    DropReason(String wireName) {
        this.wireName = wireName;
    }

    /** The stable lower-case name used in logs, metrics tags and the actuator output. */
    public String wireName() {
        return wireName;
    }
}
