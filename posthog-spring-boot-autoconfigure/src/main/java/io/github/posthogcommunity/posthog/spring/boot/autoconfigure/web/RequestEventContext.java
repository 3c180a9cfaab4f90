package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.web;

import io.github.posthogcommunity.posthog.EventContext;

import java.util.function.Supplier;

/**
 * The PostHog identity of the request the current thread is handling, set by {@link PostHogRequestContextFilter}
 * and read by the client (its context supplier) for events captured without an explicit distinct id.
 */
final class RequestEventContext implements Supplier<EventContext> {

    private final ThreadLocal<EventContext> current = new ThreadLocal<>();

    @Override
    public EventContext get() {
        return current.get();
    }

    /** Sets the context and returns the one it replaces, to hand to {@link #restore}. */
    EventContext enter(EventContext context) {
        EventContext previous = current.get();
        current.set(context);
        return previous;
    }

    /** Puts back the previous context; {@code null} clears the thread, so pooled threads keep nothing. */
    void restore(EventContext previous) {
        if (previous == null) {
            current.remove();
        } else {
            current.set(previous);
        }
    }
}
