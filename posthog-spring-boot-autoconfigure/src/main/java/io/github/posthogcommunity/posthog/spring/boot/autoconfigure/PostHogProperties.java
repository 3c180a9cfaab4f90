package io.github.posthogcommunity.posthog.spring.boot.autoconfigure;

import io.github.posthogcommunity.posthog.CaptureProtocol;
import io.github.posthogcommunity.posthog.Compression;
import io.github.posthogcommunity.posthog.PostHogClientBuilder;
import io.github.posthogcommunity.posthog.QueueFullPolicy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The {@code posthog.*} configuration of the auto-configured {@code PostHogClient}. Values are validated when the
 * client is created: an invalid one fails start-up with a message naming the property. {@link #toString()} never
 * shows the API keys nor header values.
 *
 * @param enabled Whether events are sent. When false the client accepts every call and sends nothing.
 * @param apiKey Project API key (phc_...). When blank, PostHog is disabled and the application still starts.
 * @param personalApiKey Personal API key, for feature flag local evaluation. Never shown.
 * @param host PostHog host, an absolute http(s) URL such as https://eu.i.posthog.com.
 * @param flushAt Number of buffered events that triggers sending a batch.
 * @param flushInterval Longest time buffered events wait before being sent, counted from the oldest one.
 * @param maxBatchSize Maximum number of events one request carries.
 * @param maxQueueSize Maximum number of events accepted and not yet finished (queued, batched, in flight or
 *        awaiting retry). Events captured beyond it are dropped or block, per queue-full-policy. At most 1000000.
 * @param maxQueueBytes Maximum serialized size of the events accepted and not yet finished; an event that does not
 *        fit is dropped (queue_full). At least 1MB.
 * @param maxRetries Retries after the first attempt before events are dropped. 0 disables retries.
 * @param requestTimeout Maximum duration of one HTTP exchange with PostHog.
 * @param shutdownTimeout Hard deadline of the drain when the application context closes. Keep it below
 *        spring.lifecycle.timeout-per-shutdown-phase.
 * @param flushTimeout Longest time a flush, including the actuator's, waits for its events.
 * @param compression Request body compression: gzip, deflate, zstd (needs com.github.luben:zstd-jni or
 *                    io.airlift:aircompressor on the classpath) or none.
 * @param captureProtocol Capture wire format: v0 (/batch/) or v1 (/i/v1/analytics/events).
 * @param senderThreads Number of HTTP requests that may run at once. Defaults to 4.
 * @param maxSenderThreads Most HTTP requests that may run at once: concurrency starts at sender-threads and grows
 *        towards this bound while events wait and requests succeed after waiting on the server (a slow or distant
 *        endpoint, not a busy CPU), and halves on
 *        timeouts, 408, 429 and 5xx answers, never below sender-threads. Defaults to 32, or sender-threads when
 *        that is larger; equal to sender-threads for a fixed number of requests.
 * @param disableGeoip Whether every event carries $geoip_disable, so PostHog does not resolve a location.
 * @param historicalMigration Whether every capture request is marked as a historical migration.
 * @param queueFullPolicy What capture does when the queue is full: drop the new event, or block the caller up to
 *        queue-full-block-timeout.
 * @param queueFullBlockTimeout Longest time a capture waits for space with the block queue-full-policy.
 * @param headers Extra HTTP headers sent with every request, for example a proxy token. Values are never shown.
 * @param superProperties Properties added to every event, for example app.version or deployment.environment. The
 *        event's own properties, the context's tags and the SDK's own $ properties win over them.
 * @param lifecycle Shutdown ordering in the application context.
 * @param requestContext Request context filter of servlet applications.
 * @param featureFlags Feature flag evaluation.
 */
@ConfigurationProperties(PostHogProperties.PREFIX)
public record PostHogProperties(
        @DefaultValue("true") boolean enabled,
        @Nullable String apiKey,
        @Nullable String personalApiKey,
        @DefaultValue(PostHogClientBuilder.DEFAULT_HOST) String host,
        @DefaultValue("100") int flushAt,
        @DefaultValue("5s") Duration flushInterval,
        @DefaultValue("100") int maxBatchSize,
        @DefaultValue("10000") int maxQueueSize,
        @DefaultValue("64MB") DataSize maxQueueBytes,
        @DefaultValue("3") int maxRetries,
        @DefaultValue("10s") Duration requestTimeout,
        @DefaultValue("10s") Duration shutdownTimeout,
        @DefaultValue("30s") Duration flushTimeout,
        @DefaultValue("gzip") Compression compression,
        @DefaultValue("v0") CaptureProtocol captureProtocol,
        @Nullable Integer senderThreads,
        @Nullable Integer maxSenderThreads,
        @DefaultValue("false") boolean disableGeoip,
        @DefaultValue("false") boolean historicalMigration,
        @DefaultValue("drop-newest") QueueFullPolicy queueFullPolicy,
        @DefaultValue("1s") Duration queueFullBlockTimeout,
        Map<String, String> headers,
        Map<String, String> superProperties,
        @DefaultValue Lifecycle lifecycle,
        @DefaultValue RequestContext requestContext,
        @DefaultValue FeatureFlags featureFlags) {

    /** The prefix of every PostHog property. */
    public static final String PREFIX = "posthog";

    /** Normalizes absent values: no headers and no super properties are empty maps (super properties keep their order). */
    public PostHogProperties {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        superProperties = superProperties == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(superProperties));
    }

    /** {@code true} when a non-blank project API key is configured. */
    public boolean hasApiKey() {
        return apiKey != null && !apiKey.isBlank();
    }

    /** {@code true} when a non-blank personal API key is configured. */
    public boolean hasPersonalApiKey() {
        return personalApiKey != null && !personalApiKey.isBlank();
    }

    @Override
    public String toString() {
        return "PostHogProperties{enabled=" + enabled + ", apiKey=" + Secrets.mask(apiKey)
                + ", personalApiKey=" + Secrets.mask(personalApiKey) + ", host=" + host + ", flushAt=" + flushAt
                + ", flushInterval=" + flushInterval + ", maxBatchSize=" + maxBatchSize + ", maxQueueSize="
                + maxQueueSize + ", maxQueueBytes=" + maxQueueBytes + ", maxRetries=" + maxRetries + ", requestTimeout=" + requestTimeout
                + ", shutdownTimeout=" + shutdownTimeout + ", flushTimeout=" + flushTimeout + ", compression="
                + compression + ", captureProtocol=" + captureProtocol + ", senderThreads=" + senderThreads
                + ", maxSenderThreads=" + maxSenderThreads
                + ", disableGeoip=" + disableGeoip + ", historicalMigration=" + historicalMigration
                + ", queueFullPolicy=" + queueFullPolicy + ", queueFullBlockTimeout=" + queueFullBlockTimeout
                + ", headers=" + headers.keySet() + ", superProperties=" + superProperties.keySet()
                + ", lifecycle=" + lifecycle + ", requestContext=" + requestContext
                + "}";
    }

    /**
     * Where the PostHog drain sits in the context's shutdown.
     *
     * @param phase SmartLifecycle phase of the PostHog drain on shutdown. Keep it below the web server's graceful
     *        shutdown (Integer.MAX_VALUE - 1024) and the task executors (Integer.MAX_VALUE / 2), so that events
     *        captured by in-flight requests and tasks are still delivered.
     */
    public record Lifecycle(@DefaultValue("" + DEFAULT_PHASE) int phase) {

        /** The default phase: after the web server's graceful shutdown and after the task executors stopped. */
        public static final int DEFAULT_PHASE = Integer.MAX_VALUE / 2 - 1024;
    }

    /**
     * The request context filter of servlet applications.
     *
     * @param enabled Whether the X-POSTHOG-DISTINCT-ID and X-POSTHOG-SESSION-ID request headers supply the
     *        distinct id and session id of events captured without an explicit id while handling the request.
     */
    public record RequestContext(@DefaultValue("true") boolean enabled) {
    }

    /**
     * Feature flag evaluation.
     *
     * @param timeout Timeout of one /flags request (the caller waits at most this long, times the attempts).
     * @param retries Retries of a /flags request that got no response or a 502/504 (0 to 5).
     * @param sendEvents Whether reading a flag captures a $feature_flag_called event (deduplicated per person,
     *        flag and value).
     * @param pollInterval With posthog.personal-api-key (local evaluation): time between two loads of the flag
     *        definitions, in the background.
     * @param waitForFirstLoad With posthog.personal-api-key: how long start-up waits for the first load of the flag
     *        definitions, so that the first requests are evaluated locally. 0 (the default) does not wait; flags
     *        are then evaluated by PostHog until the definitions are loaded.
     * @param resultCache In-process cache of flag results PostHog evaluated remotely.
     * @param evaluationContexts Default evaluation contexts (flag evaluation tags, such as backend): sent with every
     *        /flags request and honoured by local evaluation; a flag with evaluation tags is evaluated only when one
     *        of them is listed. Empty (the default) evaluates every flag.
     */
    public record FeatureFlags(@DefaultValue("3s") Duration timeout, @DefaultValue("1") int retries,
                               @DefaultValue("true") boolean sendEvents, @DefaultValue("30s") Duration pollInterval,
                               @DefaultValue("0s") Duration waitForFirstLoad, @DefaultValue ResultCache resultCache,
                               @DefaultValue List<String> evaluationContexts) {
    }

    /**
     * The remote-result cache: trades freshness for latency (a flag change reaches a cached person only after
     * max-age). $feature_flag_called events are still sent, deduplicated.
     *
     * @param maxSize How many remote flag results (per person, groups, properties and flag keys) are kept in
     *        process. 0 (the default) turns the cache off.
     * @param maxAge How long a cached remote flag result answers reads without a request.
     */
    public record ResultCache(@DefaultValue("0") int maxSize, @DefaultValue("30s") Duration maxAge) {
    }
}
