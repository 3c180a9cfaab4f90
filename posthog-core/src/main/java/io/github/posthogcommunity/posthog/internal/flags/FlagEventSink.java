package io.github.posthogcommunity.posthog.internal.flags;

import io.github.posthogcommunity.posthog.CaptureOptions;

import java.util.Map;

/** Where {@code $feature_flag_called} events go: the client's normal capture path. */
@FunctionalInterface
public interface FlagEventSink {

    /** Captures the event {@code $feature_flag_called}. Must not throw. */
    void capture(String distinctId, Map<String, Object> properties, CaptureOptions options);
}
