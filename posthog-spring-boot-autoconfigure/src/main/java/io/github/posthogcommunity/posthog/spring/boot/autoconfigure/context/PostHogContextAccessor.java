package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.context;

import io.github.posthogcommunity.posthog.EventContext;
import io.github.posthogcommunity.posthog.PostHogContext;
import io.micrometer.context.ThreadLocalAccessor;

import org.jspecify.annotations.Nullable;

/**
 * Lets Micrometer's context propagation carry the {@link PostHogContext} (the identity of the request, or of a
 * scope) wherever it carries thread-locals: Spring's {@code ContextPropagatingTaskDecorator}
 * ({@code spring.task.execution.propagate-context=true}), Reactor with automatic context propagation
 * ({@code spring.reactor.context-propagation=auto}), and Micrometer's context snapshots. Registered through
 * {@code META-INF/services/io.micrometer.context.ThreadLocalAccessor}; the Reactor context key is {@value #KEY}.
 */
public final class PostHogContextAccessor implements ThreadLocalAccessor<EventContext> {

    /** The key of the context in a Reactor context or a context snapshot. */
    public static final String KEY = "posthog.context";

    /** Called by the {@code ServiceLoader} of the context registry. */
    public PostHogContextAccessor() {
    }

    @Override
    public Object key() {
        return KEY;
    }

    @Override
    public @Nullable EventContext getValue() {
        return PostHogContext.current();
    }

    @Override
    public void setValue(@Nullable EventContext value) {
        PostHogContext.set(value);
    }

    @Override
    public void setValue() {
        PostHogContext.clear();
    }
}
