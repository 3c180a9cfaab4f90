package io.github.posthogcommunity.posthog.internal.wire;

import io.github.posthogcommunity.posthog.DropReason;

import java.time.Duration;

/**
 * The outcome of one HTTP attempt, per event: the protocol decides, the dispatcher acts on it. Either uniform
 * (one verdict for every event of the request) or per event (capture v1 answers per uuid).
 */
public final class AttemptResult {

    /** What happens to one event. */
    public enum Verdict {
        /** The server accepted it. */
        DELIVERED,
        /** Try again later (same uuid and timestamp). */
        RETRY,
        /** Final failure; see the reason. */
        DROPPED
    }

    private final int statusCode;
    private final Duration retryAfter;
    private final String error;
    private final boolean split;
    private final Verdict uniform;
    private final DropReason uniformReason;
    private final Verdict[] perEvent;
    private final DropReason[] perEventReason;

    private AttemptResult(int statusCode, Duration retryAfter, String error, boolean split, Verdict uniform,
                          DropReason uniformReason, Verdict[] perEvent, DropReason[] perEventReason) {
        this.statusCode = statusCode;
        this.retryAfter = retryAfter;
        this.error = error;
        this.split = split;
        this.uniform = uniform;
        this.uniformReason = uniformReason;
        this.perEvent = perEvent;
        this.perEventReason = perEventReason;
    }

    public static AttemptResult delivered(int statusCode) {
        return new AttemptResult(statusCode, null, null, false, Verdict.DELIVERED, null, null, null);
    }

    public static AttemptResult retry(int statusCode, Duration retryAfter, String error) {
        return new AttemptResult(statusCode, retryAfter, error, false, Verdict.RETRY, null, null, null);
    }

    public static AttemptResult dropped(int statusCode, DropReason reason, String error) {
        return new AttemptResult(statusCode, null, error, false, Verdict.DROPPED, reason, null, null);
    }

    /** The request was too large for the server: split the batch and send the halves. */
    public static AttemptResult split(int statusCode, String error) {
        return new AttemptResult(statusCode, null, error, true, null, null, null, null);
    }

    /** One verdict per event, in request order; {@code reasons[i]} is set where the verdict is DROPPED. */
    public static AttemptResult perEvent(int statusCode, Duration retryAfter, Verdict[] verdicts, DropReason[] reasons,
                                         String error) {
        return new AttemptResult(statusCode, retryAfter, error, false, null, null, verdicts, reasons);
    }

    /** The HTTP status, or 0 when no response arrived. */
    public int statusCode() {
        return statusCode;
    }

    /** The server's minimum wait before a retry, or {@code null}. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** A short description of what went wrong, or {@code null}. Never contains secrets. */
    public String error() {
        return error;
    }

    public boolean isSplit() {
        return split;
    }

    public Verdict verdict(int index) {
        return perEvent == null ? uniform : perEvent[index];
    }

    public DropReason reason(int index) {
        return perEvent == null ? uniformReason : perEventReason[index];
    }
}
