package io.github.posthogcommunity.posthog.spring.boot.autoconfigure;

import io.github.posthogcommunity.posthog.PostHogClientBuilder;

import java.time.Duration;
import java.util.Map;

/**
 * Applies {@code posthog.*} properties to a client builder. The builder owns the rules; this class names the
 * property in the failure ({@link InvalidPostHogPropertyException}) and never repeats a value that may be a secret.
 */
final class PostHogPropertiesMapper {

    private PostHogPropertiesMapper() {
    }

    static void apply(PostHogProperties p, PostHogClientBuilder builder) {
        set("host", () -> builder.host(p.host()), "must be an absolute http(s) URL, such as https://eu.i.posthog.com");
        set("flush-at", () -> builder.flushAt(p.flushAt()), null);
        set("flush-interval", () -> builder.flushInterval(p.flushInterval()), null);
        set("max-batch-size", () -> builder.maxBatchSize(p.maxBatchSize()), null);
        set("max-queue-size", () -> builder.maxQueueSize(p.maxQueueSize()), null);
        set("max-queue-bytes", () -> builder.maxQueueBytes(p.maxQueueBytes().toBytes()), null);
        set("max-retries", () -> builder.maxRetries(p.maxRetries()), null);
        set("request-timeout", () -> builder.requestTimeout(p.requestTimeout()), null);
        set("shutdown-timeout", () -> builder.shutdownTimeout(positive(p.shutdownTimeout())),
                "must be positive (a zero deadline would discard every pending event on shutdown), was "
                        + p.shutdownTimeout());
        set("flush-timeout", () -> builder.flushTimeout(p.flushTimeout()), null);
        set("compression", () -> builder.compression(p.compression()), null);
        set("capture-protocol", () -> builder.captureProtocol(p.captureProtocol()), null);
        if (p.senderThreads() != null) {
            set("sender-threads", () -> builder.senderThreads(p.senderThreads()), null);
        }
        if (p.maxSenderThreads() != null) {
            int senders = p.senderThreads() != null ? p.senderThreads() : PostHogClientBuilder.DEFAULT_SENDER_THREADS;
            set("max-sender-threads", () -> builder.maxSenderThreads(atLeast(p.maxSenderThreads(), senders)),
                    "must be at least sender-threads (" + senders + "), was " + p.maxSenderThreads());
        }
        set("disable-geoip", () -> builder.disableGeoip(p.disableGeoip()), null);
        set("historical-migration", () -> builder.historicalMigration(p.historicalMigration()), null);
        set("queue-full-policy", () -> builder.queueFullPolicy(p.queueFullPolicy()), null);
        set("queue-full-block-timeout", () -> builder.queueFullBlockTimeout(p.queueFullBlockTimeout()), null);
        if (p.personalApiKey() != null && !p.personalApiKey().isBlank()) {
            builder.personalApiKey(p.personalApiKey());
        }
        PostHogProperties.FeatureFlags flags = p.featureFlags();
        set("feature-flags.timeout", () -> builder.featureFlagsRequestTimeout(flags.timeout()), null);
        set("feature-flags.retries", () -> builder.featureFlagsMaxRetries(flags.retries()), null);
        builder.sendFeatureFlagEvents(flags.sendEvents());
        set("feature-flags.poll-interval", () -> builder.featureFlagsPollInterval(flags.pollInterval()), null);
        set("feature-flags.wait-for-first-load", () -> builder.featureFlagsWaitForFirstLoad(flags.waitForFirstLoad()),
                null);
        set("feature-flags.result-cache", () -> builder.featureFlagsResultCache(flags.resultCache().maxSize(),
                flags.resultCache().maxAge()), null);
        builder.featureFlagsEvaluationContexts(flags.evaluationContexts());
        for (Map.Entry<String, String> header : p.headers().entrySet()) {
            String property = "headers[" + header.getKey() + "]";
            if (header.getValue() == null || header.getValue().chars().anyMatch(c -> c == '\r' || c == '\n')) {
                throw invalid(property, "a header value must not be empty nor contain line breaks");
            }
            set(property, () -> builder.header(header.getKey(), header.getValue()),
                    "'" + header.getKey() + "' is not a valid HTTP header name");
        }
    }

    /**
     * Adds the super properties ({@code posthog.super-properties} after the {@link PostHogSuperPropertiesCustomizer}s
     * ran); a rejected key or value names its entry.
     */
    static void applySuperProperties(Map<String, Object> superProperties, PostHogClientBuilder builder) {
        for (Map.Entry<String, Object> entry : superProperties.entrySet()) {
            set("super-properties[" + entry.getKey() + "]",
                    () -> builder.superProperty(entry.getKey(), entry.getValue()), null);
        }
    }

    private static int atLeast(int value, int floor) {
        if (value < floor) {
            throw new IllegalArgumentException("below " + floor);
        }
        return value;
    }

    private static Duration positive(Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException("not positive");
        }
        return value;
    }

    /**
     * Runs one builder setter; a rejected value becomes an {@link InvalidPostHogPropertyException}.
     *
     * @param reason the message to report, or {@code null} to report the builder's own (which holds no secret)
     */
    private static void set(String property, Runnable setter, String reason) {
        try {
            setter.run();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw invalid(property, reason != null ? reason
                    : e instanceof NullPointerException ? "must be set" : e.getMessage());
        }
    }

    private static InvalidPostHogPropertyException invalid(String property, String reason) {
        return new InvalidPostHogPropertyException(PostHogProperties.PREFIX + "." + property, reason);
    }
}
