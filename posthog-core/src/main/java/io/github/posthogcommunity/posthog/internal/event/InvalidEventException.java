package io.github.posthogcommunity.posthog.internal.event;

import io.github.posthogcommunity.posthog.DropReason;

/** An event that cannot be sent as given; the message says why, for the one log line of the drop. */
final class InvalidEventException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient DropReason reason;

    InvalidEventException(String message) {
        this(message, DropReason.INVALID);
    }

    private InvalidEventException(String message, DropReason reason) {
        super(message, null, false, false);
        this.reason = reason;
    }

    /** The properties would serialize past the event size cap. */
    static InvalidEventException tooLarge(String message) {
        return new InvalidEventException(message, DropReason.TOO_LARGE);
    }

    /** {@code invalid} or {@code too_large}. */
    DropReason reason() {
        return reason;
    }
}
