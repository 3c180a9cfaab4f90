package io.github.posthogcommunity.posthog.internal.pipeline;

/**
 * How many attempts may be in flight at once: additive increase, multiplicative decrease, with slow start (the
 * control law of TCP's congestion window, applied to requests instead of segments).
 *
 * <ul>
 *   <li>Start at {@code floor} ({@code senderThreads}); the threshold starts at {@code max}.</li>
 *   <li>An attempt that got a 2xx while the dispatcher was held back by the limit (it had a batch due that it
 *       could not hand out), and that spent at least as long waiting for the server as building its request, while
 *       most recent successful attempts did too: below the threshold the limit grows by one (it doubles per round
 *       trip), at or above it by {@code 1 / limit} (one per round trip). Otherwise the limit stays where it is:
 *       attempts bound by compressing bodies gain nothing from more threads on the same cores (they would only take
 *       CPU from the dispatcher and the application), and the running share of attempts that waited on the server
 *       (an exponentially weighted mean, 1/8 per success) keeps an exchange that was merely descheduled once from
 *       counting as a slow link.</li>
 *   <li>An attempt that ended in congestion (no response, a timeout, 408, 429 or a 5xx): threshold and limit become
 *       {@code max(floor, limit / 2)}, at most once per episode: only an attempt started after the last decrease
 *       can decrease again, so the many attempts of one outage halve the limit once.</li>
 *   <li>Always {@code floor <= limit <= max}.</li>
 * </ul>
 *
 * <p>Owned by the dispatcher thread; {@link #published()} is the value other threads (stats) may read.
 */
final class ConcurrencyLimit {

    private final int floor;
    private final int max;
    private double limit;
    private double threshold;
    /** Attempts are numbered as they start; an attempt numbered at or below this began before the last decrease. */
    private long decreasedAfter;
    /** The running share of successful attempts that waited on the server at least as long as they took to build. */
    private double serverBound = 1;
    private volatile int published;

    ConcurrencyLimit(int floor, int max) {
        if (floor < 1 || max < floor) {
            throw new IllegalArgumentException("need 1 <= floor <= max, got " + floor + " and " + max);
        }
        this.floor = floor;
        this.max = max;
        this.limit = floor;
        this.threshold = max;
        this.published = floor;
    }

    /** The current bound (dispatcher thread). */
    int current() {
        return (int) limit;
    }

    /** The current bound, for any thread. */
    int published() {
        return published;
    }

    /**
     * A successful attempt ended.
     *
     * @param backlog whether the dispatcher was held back by the limit while the attempt ran
     * @param waitedOnServer whether the attempt waited on the server at least as long as it took to build
     * @return whether {@link #current()} changed
     */
    boolean succeeded(boolean backlog, boolean waitedOnServer) {
        serverBound += ((waitedOnServer ? 1 : 0) - serverBound) / 8;
        if (!backlog || !waitedOnServer || serverBound < 0.5 || limit >= max) {
            return false;
        }
        int before = current();
        limit = Math.min(max, limit < threshold ? limit + 1 : limit + 1 / limit);
        return publish(before);
    }

    /**
     * An attempt ended in congestion.
     *
     * @param attempt the number the attempt got when it started
     * @param lastStarted the number of the latest attempt started so far
     * @return whether {@link #current()} changed
     */
    boolean congested(long attempt, long lastStarted) {
        if (attempt <= decreasedAfter) {
            return false; // started before the last decrease: the same episode
        }
        decreasedAfter = lastStarted;
        int before = current();
        threshold = Math.max(floor, Math.floor(limit / 2));
        limit = threshold;
        return publish(before);
    }

    private boolean publish(int before) {
        int now = current();
        if (now == before) {
            return false;
        }
        published = now;
        return true;
    }
}
