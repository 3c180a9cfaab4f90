package io.github.posthogcommunity.posthog;

import org.jspecify.annotations.Nullable;

import java.util.Map;

/**
 * Ambient identity and tags for events captured without an explicit distinct id: the identity of the request
 * being handled, or of a {@link PostHogContext} scope. Read through {@link PostHogContext#current()} by default, or
 * through {@link PostHogClientBuilder#contextSupplier(java.util.function.Supplier)}; explicit arguments always win.
 *
 * @param distinctId the distinct id, or {@code null}
 * @param sessionId the session id, sent as {@code $session_id} unless the caller set one, or {@code null}
 * @param properties tags added to every event captured in this context (the caller's properties win); never
 *                   {@code null}, unmodifiable
 */
public record EventContext(@Nullable String distinctId, @Nullable String sessionId, Map<String, Object> properties) {

    /** An identity without tags. */
    public EventContext(@Nullable String distinctId, @Nullable String sessionId) {
        this(distinctId, sessionId, Map.of());
    }

    /** Copies {@code properties} so later changes by the caller cannot alter the context. */
    public EventContext {
        properties = properties == null || properties.isEmpty() ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(properties));
    }
}
