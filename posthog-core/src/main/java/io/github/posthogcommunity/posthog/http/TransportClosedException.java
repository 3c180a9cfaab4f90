package io.github.posthogcommunity.posthog.http;

import java.io.IOException;

/**
 * Thrown by {@link HttpTransport#send} once the transport is closed. The client counts the events of such an
 * attempt as dropped for {@code shutdown} (the transport went away under them), not as a failed delivery to retry.
 * Custom transports may throw it too.
 */
public class TransportClosedException extends IOException {

    private static final long serialVersionUID = 1L;

    /** A closed-transport failure with a short message. */
    public TransportClosedException(String message) {
        super(message);
    }
}
