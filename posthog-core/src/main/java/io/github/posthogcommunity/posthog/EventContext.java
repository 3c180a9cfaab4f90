package io.github.posthogcommunity.posthog;

/**
 * Ambient identity for events captured without an explicit distinct id, for example the
 * {@code X-POSTHOG-DISTINCT-ID} and {@code X-POSTHOG-SESSION-ID} headers of the request being handled.
 * Supplied through {@link PostHogClientBuilder#contextSupplier(java.util.function.Supplier)}; explicit
 * arguments always win.
 *
 * @param distinctId the distinct id, or {@code null}
 * @param sessionId the session id, sent as {@code $session_id} unless the caller set one, or {@code null}
 */
public record EventContext(String distinctId, String sessionId) {
}
