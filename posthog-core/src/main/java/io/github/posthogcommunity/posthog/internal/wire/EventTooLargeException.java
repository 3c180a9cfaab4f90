package io.github.posthogcommunity.posthog.internal.wire;

/**
 * Thrown by {@link WireProtocol#encode} when an event's wire form passes
 * {@link io.github.posthogcommunity.posthog.internal.event.EventRecord#MAX_ENCODED_BYTES}: encoding stops there, the
 * event is dropped ({@code too_large}).
 */
public final class EventTooLargeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    EventTooLargeException(int cap) {
        super("the event is over " + cap + " bytes serialized", null, false, false);
    }
}
