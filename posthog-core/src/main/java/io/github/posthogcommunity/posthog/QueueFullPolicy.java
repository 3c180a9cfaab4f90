package io.github.posthogcommunity.posthog;

/** What {@code capture} does when the bounded queue is full. */
public enum QueueFullPolicy {
    /**
     * Drop the new event at once, count it as {@link DropReason#QUEUE_FULL} and log one warning per overflow episode.
     * An event that finds the queue full as {@code capture} begins costs the caller no property copy.
     */
    DROP_NEWEST,
    /**
     * Block the capturing thread until space frees up, at most {@code queueFullBlockTimeout}, then drop as
     * {@link DropReason#QUEUE_FULL}. Meant for batch jobs that prefer back-pressure over loss.
     */
    BLOCK
}
