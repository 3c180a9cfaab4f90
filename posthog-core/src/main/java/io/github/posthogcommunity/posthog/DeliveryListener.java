package io.github.posthogcommunity.posthog;

/**
 * Observes delivery: one call per finished HTTP attempt and one per group of dropped events, so applications
 * can alert on loss or time their requests. Calls arrive on a dedicated notifier thread, never on the capturing
 * thread nor the dispatcher; a listener that throws or blocks delays only later notifications (they are buffered
 * up to a bound and counted when that overflows). Implementations must be thread-safe only if shared.
 */
public interface DeliveryListener {

    /** One HTTP attempt finished: delivered, partially delivered, scheduled for retry or failed. */
    default void onAttempt(AttemptReport report) {
    }

    /** Events were dropped, with the reason and, when a response caused it, the HTTP status. */
    default void onDropped(DropReport report) {
    }
}
