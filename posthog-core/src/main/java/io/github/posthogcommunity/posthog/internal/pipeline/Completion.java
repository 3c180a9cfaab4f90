package io.github.posthogcommunity.posthog.internal.pipeline;

import io.github.posthogcommunity.posthog.internal.wire.AttemptResult;

/**
 * A sender's report to the dispatcher: the outcome of one attempt for one batch.
 *
 * @param result {@code null} when the attempt was not made (abandoned after the shutdown deadline)
 * @param durationNanos the attempt's whole duration (reported to listeners)
 * @param buildNanos the time the sender spent building the request (serializing and compressing the body)
 * @param exchangeNanos the time spent in the transport's exchange with the server; {@code 0} when none was made
 */
record Completion(Batch batch, AttemptResult result, long durationNanos, long buildNanos, long exchangeNanos) {

    /** An attempt that made no exchange (not started, or failed before or around it). */
    Completion(Batch batch, AttemptResult result, long durationNanos) {
        this(batch, result, durationNanos, 0, 0);
    }

    /**
     * Whether the attempt spent at least as long waiting for the server as it spent building the request: only
     * then can more attempts at once deliver more (a sender busy compressing bodies is bound by the CPU, and more of
     * them would only compete with the dispatcher and the application for the same cores).
     */
    boolean waitedOnServer() {
        return exchangeNanos >= buildNanos;
    }
}
