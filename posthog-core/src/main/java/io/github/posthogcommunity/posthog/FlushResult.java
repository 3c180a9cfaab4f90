package io.github.posthogcommunity.posthog;

/**
 * What a flush achieved for the events accepted before it was called.
 *
 * @param completed {@code true} when every such event reached a final outcome or was put back for retry
 *                  before the flush returned; {@code false} when the wait timed out or was interrupted
 * @param events the events the flush covered
 * @param sent of those, delivered
 * @param dropped of those, dropped
 * @param retrying of those, put back for a later retry (for example the endpoint is down)
 */
public record FlushResult(boolean completed, long events, long sent, long dropped, long retrying) {

    /** A flush that had nothing to do. */
    public static FlushResult empty() {
        return new FlushResult(true, 0, 0, 0, 0);
    }
}
