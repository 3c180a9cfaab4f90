package io.github.posthogcommunity.posthog;

import org.jspecify.annotations.Nullable;

import java.time.Duration;

/**
 * The result of one HTTP attempt to deliver a batch.
 *
 * @param endpoint the path the batch went to, for example {@code /batch/}
 * @param eventCount events in the request
 * @param delivered events the server accepted
 * @param retrying events put back for another attempt
 * @param dropped events that reached a final failure with this attempt
 * @param statusCode the HTTP status, or {@code 0} when no response arrived
 * @param attempt 1 for the first attempt of a batch, 2 for the first retry, ...
 * @param duration time from sending the request to its outcome
 * @param error a short description of the failure, or {@code null} on success; never contains secrets
 */
public record AttemptReport(String endpoint, int eventCount, int delivered, int retrying, int dropped,
                            int statusCode, int attempt, Duration duration, @Nullable String error) {

    /** What the attempt led to as a whole. */
    public enum Outcome {
        /** Every event was delivered. */
        SUCCESS,
        /** Some events were delivered, others retried or dropped. */
        PARTIAL,
        /** Nothing was delivered; the events will be retried. */
        RETRY,
        /** Nothing was delivered; the events were dropped. */
        FAILURE
    }

    /** The outcome, derived from the counts. */
    public Outcome outcome() {
        if (delivered == eventCount) {
            return Outcome.SUCCESS;
        }
        if (delivered > 0) {
            return Outcome.PARTIAL;
        }
        return retrying > 0 ? Outcome.RETRY : Outcome.FAILURE;
    }
}
