package io.github.posthogcommunity.posthog.flags;

/**
 * Counters of the remote feature-flag requests of one client. Counters only grow.
 *
 * @param requests flag evaluations that went to the server ({@code /flags}), retries not counted
 * @param failures of those, the ones that produced no usable answer (no response, a non-2xx status after the
 *                 retries the policy allows, or an unreadable body); the caller got null, its default or empty
 * @param retries retry attempts made
 */
public record FeatureFlagStats(long requests, long failures, long retries) {
}
