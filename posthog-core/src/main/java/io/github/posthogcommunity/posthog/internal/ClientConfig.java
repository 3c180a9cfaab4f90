package io.github.posthogcommunity.posthog.internal;

import io.github.posthogcommunity.posthog.BeforeSend;
import io.github.posthogcommunity.posthog.CaptureProtocol;
import io.github.posthogcommunity.posthog.Compression;
import io.github.posthogcommunity.posthog.DeliveryListener;
import io.github.posthogcommunity.posthog.EventContext;
import io.github.posthogcommunity.posthog.PostHogClock;
import io.github.posthogcommunity.posthog.QueueFullPolicy;
import io.github.posthogcommunity.posthog.http.HttpTransport;
import io.github.posthogcommunity.posthog.internal.exceptions.ExceptionsConfig;
import io.github.posthogcommunity.posthog.internal.flags.FlagsConfig;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The validated options of one client. Internal: built by the public builder. Immutable but for
 * {@code deliveryListeners}, the live (copy-on-write) registry {@code PostHogClient.addDeliveryListener} adds to.
 * {@code toString()} masks the key.
 */
public record ClientConfig(boolean enabled, String projectApiKey, URI host, int flushAt, Duration flushInterval,
                           int maxBatchSize, int maxQueueSize, long maxQueueBytes, int maxRetries, Duration requestTimeout,
                           Duration shutdownTimeout, Duration flushTimeout, Compression compression,
                           int senderThreads, int maxSenderThreads, Map<String, String> headers, List<BeforeSend> beforeSend,
                           List<DeliveryListener> deliveryListeners, boolean disableGeoip, PostHogClock clock,
                           HttpTransport httpTransport, QueueFullPolicy queueFullPolicy,
                           Duration queueFullBlockTimeout, Supplier<EventContext> contextSupplier,
                           CaptureProtocol captureProtocol, boolean historicalMigration, String personalApiKey,
                           FlagsConfig flags, ExceptionsConfig exceptions) {

    @Override
    public String toString() {
        return "ClientConfig{enabled=" + enabled + ", projectApiKey=" + Secrets.mask(projectApiKey)
                + ", personalApiKey=" + Secrets.mask(personalApiKey) + ", host=" + host
                + ", flushAt=" + flushAt + ", flushInterval=" + flushInterval + ", maxBatchSize=" + maxBatchSize
                + ", maxQueueSize=" + maxQueueSize + ", maxQueueBytes=" + maxQueueBytes + ", maxRetries=" + maxRetries + ", requestTimeout="
                + requestTimeout + ", shutdownTimeout=" + shutdownTimeout + ", compression=" + compression
                + ", senderThreads=" + senderThreads + ", maxSenderThreads=" + maxSenderThreads + ", captureProtocol=" + captureProtocol + ", headers=" + headers.keySet() + "}";
    }
}
