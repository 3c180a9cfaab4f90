package io.github.posthogcommunity.posthog;

import org.jspecify.annotations.Nullable;

/**
 * The one holder of the ambient {@link EventContext} of the current thread, shared by every integration: scopes
 * opened by application code, the Spring request filters (servlet and reactive), and the context-propagation
 * accessor that carries it across {@code @Async}, executors and Reactor. Clients read it for events captured
 * without an explicit distinct id (and for the tags and session id of every event) unless the builder sets another
 * context supplier.
 *
 * <p>Application code opens scopes, which restore the previous context when closed:
 * <pre>{@code
 * try (PostHogScope scope = PostHogContext.scope().distinctId("u1").sessionId("s1").tag("tenant", "acme").open()) {
 *     client.capture(null, "order placed", Map.of("total", 42)); // u1, $session_id s1, tenant acme
 * }
 * }</pre>
 * The low-level {@link #get()}, {@link #set(EventContext)} and {@link #clear()} exist for propagation
 * libraries and filters.
 */
public final class PostHogContext {

    /**
     * The thread's current frame: a scope's, or a plain one written by {@link #set}. A scope frame links to the
     * frame it replaced, so closing restores it (skipping scopes already closed out of order).
     */
    private static final ThreadLocal<@Nullable Frame> CURRENT = new ThreadLocal<>();

    private PostHogContext() {
    }

    /** The context of the current thread, or {@code null} when there is none. */
    public static @Nullable EventContext current() {
        Frame frame = CURRENT.get();
        return frame == null ? null : frame.context;
    }

    /** Same as {@link #current()}; named for context-propagation accessors. */
    public static @Nullable EventContext get() {
        return current();
    }

    /**
     * Replaces the context of the current thread; {@code null} clears it. Setting the context a still-open scope
     * installed (as a propagation library does when it restores the previous value) makes that scope current again,
     * so closing it later restores what it replaced.
     */
    public static void set(@Nullable EventContext context) {
        if (context == null) {
            CURRENT.remove();
            return;
        }
        Frame current = CURRENT.get();
        if (current != null && current.context == context) {
            return;
        }
        CURRENT.set(new Frame(context, null));
    }

    /** Removes the context of the current thread, so a pooled thread keeps nothing (open scopes are discarded). */
    public static void clear() {
        CURRENT.remove();
    }

    /**
     * Starts describing a scope: by default it inherits the current context (distinct id, session id, tags; its own
     * values win); {@link PostHogScope.Builder#fresh()} starts from nothing. {@link PostHogScope.Builder#open()}
     * installs it on the current thread until {@link PostHogScope#close()}.
     */
    public static PostHogScope.Builder scope() {
        return new PostHogScope.Builder();
    }

    static Frame currentFrame() {
        return CURRENT.get();
    }

    /** Installs a scope's frame. */
    static void install(Frame frame) {
        CURRENT.set(frame);
    }

    /** Closes a scope's frame: if its context is current, the nearest frame below it that is still open becomes current. */
    static void restore(Frame frame) {
        frame.closed = true;
        Frame current = CURRENT.get();
        if (current == null || current.context != frame.context) {
            return; // closed out of order (a newer scope is current) or cleared: the newer scope restores past it
        }
        Frame previous = frame.previous;
        while (previous != null && previous.closed) {
            previous = previous.previous;
        }
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }

    /** One context installed on a thread. */
    static final class Frame {
        final EventContext context;
        /** The frame this one replaced when it is a scope's; {@code null} for plain frames. */
        final Frame previous;
        volatile boolean closed;

        Frame(EventContext context, Frame previous) {
            this.context = context;
            this.previous = previous;
        }
    }
}
