package io.github.posthogcommunity.posthog.internal.pipeline;

import io.github.posthogcommunity.posthog.internal.wire.AttemptResult;

/**
 * A sender's report to the dispatcher: the outcome of one attempt for one batch.
 *
 * @param result {@code null} when the attempt was not made (abandoned after the shutdown deadline)
 */
record Completion(Batch batch, AttemptResult result, long durationNanos) {
}
