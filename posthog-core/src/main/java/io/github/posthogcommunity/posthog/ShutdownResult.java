package io.github.posthogcommunity.posthog;

import java.time.Duration;
import java.util.Map;

/**
 * The result of shutting a client down.
 *
 * @param withinDeadline {@code true} when everything pending was delivered or finally dropped by the server's
 *                       verdict; {@code false} when the shutdown itself dropped events (the deadline passed, a retry
 *                       or a {@code Retry-After} would have ended after it, or a zero timeout discarded them: see
 *                       {@code droppedByReason}'s {@link DropReason#SHUTDOWN} entry), or the wait timed out
 * @param sent events delivered during the shutdown drain
 * @param dropped events dropped during the shutdown drain (any reason, including {@link DropReason#SHUTDOWN})
 * @param took how long the shutdown took
 * @param droppedByReason {@code dropped} split by reason (reasons with no drop are absent)
 */
public record ShutdownResult(boolean withinDeadline, long sent, long dropped, Duration took,
                             Map<DropReason, Long> droppedByReason) {

    /** Copies the map. */
    public ShutdownResult {
        droppedByReason = Map.copyOf(droppedByReason);
    }

    /** A result with no breakdown by reason. */
    public ShutdownResult(boolean withinDeadline, long sent, long dropped, Duration took) {
        this(withinDeadline, sent, dropped, took, Map.of());
    }

    /** Events dropped during the drain for {@code reason}. */
    public long dropped(DropReason reason) {
        return droppedByReason.getOrDefault(reason, 0L);
    }
}
