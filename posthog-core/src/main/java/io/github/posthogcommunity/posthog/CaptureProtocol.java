package io.github.posthogcommunity.posthog;

/** The capture wire format, chosen at runtime. */
public enum CaptureProtocol {
    /** {@code POST /batch/} with {@code {api_key, batch, sent_at}}. The default. */
    V0,
    /** {@code POST /i/v1/analytics/events} with Bearer auth and per-event results. */
    V1
}
