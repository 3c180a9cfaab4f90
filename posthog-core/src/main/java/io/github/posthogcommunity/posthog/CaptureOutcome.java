package io.github.posthogcommunity.posthog;

import java.util.UUID;

/**
 * What became of one event captured with {@link PostHogClient#captureImmediate}: sent, or dropped with its reason.
 *
 * @param status sent, dropped, or not sent because the client is disabled
 * @param uuid the event's uuid; {@code null} when it was dropped before one was assigned (invalid input) or the
 *             client is disabled
 * @param reason why it was dropped; {@code null} unless {@link Status#DROPPED}
 * @param statusCode the HTTP status of the response that delivered or dropped it; {@code 0} when no response was
 *                   involved (dropped before sending, or no answer)
 * @param detail a short explanation of a drop; {@code null} when sent. Never contains secrets
 */
public record CaptureOutcome(Status status, UUID uuid, DropReason reason, int statusCode, String detail) {

    /** The kind of outcome. */
    public enum Status {
        /** The server accepted the event. */
        SENT,
        /** The event was dropped; {@link #reason()} says why. */
        DROPPED,
        /** The client is disabled ({@code enabled(false)}): nothing was sent and nothing was counted. */
        DISABLED
    }

    /** {@code true} when the server accepted the event. */
    public boolean isSent() {
        return status == Status.SENT;
    }

    static CaptureOutcome disabled() {
        return new CaptureOutcome(Status.DISABLED, null, null, 0, "the client is disabled");
    }
}
