package io.github.posthogcommunity.posthog.internal.event;

/** An event that cannot be sent as given; the message says why, for the one log line of the drop. */
final class InvalidEventException extends Exception {

    private static final long serialVersionUID = 1L;

    InvalidEventException(String message) {
        super(message, null, false, false);
    }
}
