package io.github.posthogcommunity.posthog;

import java.time.Duration;

/**
 * The result of shutting a client down.
 *
 * @param withinDeadline {@code true} when everything pending was delivered or finally dropped before the deadline
 * @param sent events delivered during the shutdown drain
 * @param dropped events dropped during the shutdown drain (any reason, including {@link DropReason#SHUTDOWN})
 * @param took how long the shutdown took
 */
public record ShutdownResult(boolean withinDeadline, long sent, long dropped, Duration took) {
}
