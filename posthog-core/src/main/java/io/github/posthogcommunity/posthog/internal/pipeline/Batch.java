package io.github.posthogcommunity.posthog.internal.pipeline;

import io.github.posthogcommunity.posthog.internal.event.EventRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Events sent together, with their retry state. Owned by the dispatcher; a sender reads it during one attempt. */
final class Batch {

    final List<EventRecord> events;
    /** One id per batch, kept on every retry (capture v1 sends it as {@code PostHog-Request-Id}). */
    final UUID requestId;
    /** The number of the next attempt: 1 for a fresh batch. */
    final int attempt;
    /** When the batch was formed; kept on every retry (capture v1 sends it as {@code created_at}). */
    final Instant createdAt;
    /** Clock nanos at which the batch may be sent. */
    long dueAt;
    /** Clock nanos before which the server asked us not to retry ({@code Retry-After}); 0 when none. */
    long notBefore;
    /** Set when shutdown gave up on the batch: a late outcome is ignored. */
    boolean abandoned;
    /** {@link System#nanoTime()} when the batch was handed to a sender (dispatcher only). */
    long startedAt;
    /** The number of the attempt in the order attempts started (dispatcher only; see {@link ConcurrencyLimit}). */
    long attemptNumber;
    /** The sender thread running the batch's attempt, while it runs (guarded by the batch's monitor). */
    Thread sender;
    /** The dispatcher stopped waiting for this attempt (guarded by the batch's monitor; see SenderPool#giveUp). */
    boolean givenUp;
    /** Flushes waiting for this batch's next outcome; {@code null} when none. */
    List<FlushRequest> waiters;

    Batch(List<EventRecord> events, UUID requestId, int attempt, Instant createdAt) {
        this.events = events;
        this.requestId = requestId;
        this.attempt = attempt;
        this.createdAt = createdAt;
    }

    long firstSequence() {
        return events.get(0).sequence();
    }

    int size() {
        return events.size();
    }

    /** The encoded bytes of the batch's events, as counted by the byte budget. */
    long bytes() {
        return ByteBudget.bytesOf(events);
    }

    void addWaiter(FlushRequest flush) {
        if (waiters == null) {
            waiters = new ArrayList<>(2);
        }
        waiters.add(flush);
        flush.await();
    }

    /** Moves this batch's waiters onto {@code next} (a split half or the retry subset that still owes an attempt). */
    void handWaitersTo(Batch next) {
        if (waiters != null) {
            for (FlushRequest flush : waiters) {
                next.addWaiter(flush);
            }
        }
    }
}
