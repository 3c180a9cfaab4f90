package io.github.posthogcommunity.posthog;

import org.jspecify.annotations.Nullable;

/**
 * The one holder of the ambient {@link EventContext} of the current thread, shared by every integration: scopes
 * opened by application code, the Spring request filters (servlet and reactive), and the context-propagation
 * accessor that carries it across {@code @Async}, executors and Reactor. Clients read it for events captured
 * without an explicit distinct id unless the builder sets another context supplier.
 *
 * <p>The low-level {@link #get()}, {@link #set(EventContext)} and {@link #clear()} exist for propagation
 * libraries and filters; application code opens scopes, which restore the previous context when closed.
 */
public final class PostHogContext {

    private static final ThreadLocal<@Nullable EventContext> CURRENT = new ThreadLocal<>();

    private PostHogContext() {
    }

    /** The context of the current thread, or {@code null} when there is none. */
    public static @Nullable EventContext current() {
        return CURRENT.get();
    }

    /** Same as {@link #current()}; named for context-propagation accessors. */
    public static @Nullable EventContext get() {
        return CURRENT.get();
    }

    /** Replaces the context of the current thread; {@code null} clears it. */
    public static void set(@Nullable EventContext context) {
        if (context == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(context);
        }
    }

    /** Removes the context of the current thread, so a pooled thread keeps nothing. */
    public static void clear() {
        CURRENT.remove();
    }
}
