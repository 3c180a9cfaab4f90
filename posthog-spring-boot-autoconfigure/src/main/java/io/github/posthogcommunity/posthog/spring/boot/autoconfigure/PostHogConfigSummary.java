package io.github.posthogcommunity.posthog.spring.boot.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A readable summary of the {@code posthog.*} configuration, safe to show anywhere (actuator, logs): the API keys
 * are masked ({@code phc_****}) and only header names are listed, never their values.
 *
 * @param enabled {@code posthog.enabled}
 * @param apiKey the masked project API key, or {@code <none>}
 * @param personalApiKey the masked personal API key, or {@code <none>}
 * @param host {@code posthog.host}
 * @param flushAt {@code posthog.flush-at}
 * @param flushInterval {@code posthog.flush-interval} (ISO-8601)
 * @param maxBatchSize {@code posthog.max-batch-size}
 * @param maxQueueSize {@code posthog.max-queue-size}
 * @param maxQueueBytes {@code posthog.max-queue-bytes}
 * @param maxRetries {@code posthog.max-retries}
 * @param requestTimeout {@code posthog.request-timeout} (ISO-8601)
 * @param shutdownTimeout {@code posthog.shutdown-timeout} (ISO-8601)
 * @param flushTimeout {@code posthog.flush-timeout} (ISO-8601)
 * @param compression {@code posthog.compression}
 * @param captureProtocol {@code posthog.capture-protocol}
 * @param senderThreads {@code posthog.sender-threads}, or {@code null} for the default
 * @param maxSenderThreads {@code posthog.max-sender-threads}, or {@code null} for the default
 * @param disableGeoip {@code posthog.disable-geoip}
 * @param historicalMigration {@code posthog.historical-migration}
 * @param queueFullPolicy {@code posthog.queue-full-policy}
 * @param headerNames the names of {@code posthog.headers}, without values
 * @param lifecyclePhase {@code posthog.lifecycle.phase}
 * @param requestContextEnabled {@code posthog.request-context.enabled}
 */
public record PostHogConfigSummary(boolean enabled, String apiKey, String personalApiKey, String host, int flushAt,
                                   String flushInterval, int maxBatchSize, int maxQueueSize, String maxQueueBytes,
                                   int maxRetries,
                                   String requestTimeout, String shutdownTimeout, String flushTimeout,
                                   String compression, String captureProtocol, @Nullable Integer senderThreads,
                                   @Nullable Integer maxSenderThreads,
                                   boolean disableGeoip, boolean historicalMigration, String queueFullPolicy,
                                   List<String> headerNames, int lifecyclePhase, boolean requestContextEnabled) {

    /** Summarizes the given properties, masking every secret. */
    public static PostHogConfigSummary of(PostHogProperties properties) {
        return new PostHogConfigSummary(properties.enabled(), Secrets.mask(properties.apiKey()),
                Secrets.mask(properties.personalApiKey()), properties.host(), properties.flushAt(),
                String.valueOf(properties.flushInterval()), properties.maxBatchSize(), properties.maxQueueSize(),
                String.valueOf(properties.maxQueueBytes()), properties.maxRetries(), String.valueOf(properties.requestTimeout()),
                String.valueOf(properties.shutdownTimeout()), String.valueOf(properties.flushTimeout()),
                String.valueOf(properties.compression()), String.valueOf(properties.captureProtocol()),
                properties.senderThreads(), properties.maxSenderThreads(), properties.disableGeoip(), properties.historicalMigration(),
                String.valueOf(properties.queueFullPolicy()), properties.headers().keySet().stream().sorted().toList(),
                properties.lifecycle().phase(), properties.requestContext().enabled());
    }
}
