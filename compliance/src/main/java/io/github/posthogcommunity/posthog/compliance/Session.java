package io.github.posthogcommunity.posthog.compliance;

import io.github.posthogcommunity.posthog.Compression;
import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.PostHogClientBuilder;
import io.github.posthogcommunity.posthog.ShutdownResult;
import io.github.posthogcommunity.posthog.http.HttpTransport;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** One test's SDK client and the observer on its HTTP seam. Created by {@code /init}, ended by {@code /reset}. */
final class Session {

    /** The header that lets the harness's mock server attribute each request to its test. */
    static final String TEST_ID_HEADER = "X-Test-Id";

    private final PostHogClient client;
    private final ObservingTransport observer;

    private Session(PostHogClient client, ObservingTransport observer) {
        this.client = client;
        this.observer = observer;
    }

    /**
     * A validated client configuration from an {@code /init} body; nothing is started yet, so a 400 leaves the
     * test's current client untouched.
     */
    static final class Plan {
        private final PostHogClientBuilder builder;
        private final String apiKey;

        private Plan(PostHogClientBuilder builder, String apiKey) {
            this.builder = builder;
            this.apiKey = apiKey;
        }

        /**
         * Maps every {@code /init} field to its SDK option. Omitted or {@code null} fields keep the SDK default.
         *
         * @param testId the test id, or {@code null} for the default client (no {@code X-Test-Id} header)
         */
        static Plan of(Bodies body, Mode mode, String testId) {
            String apiKey = body.requiredString("api_key");
            String host = body.requiredString("host");
            if (apiKey.isBlank()) {
                throw new BadRequest("'api_key' must not be blank");
            }
            Integer flushAt = body.optionalInt("flush_at");
            Long flushIntervalMs = body.optionalLong("flush_interval_ms");
            Integer maxRetries = body.optionalInt("max_retries");
            Boolean compression = body.optionalBoolean("enable_compression");
            Boolean disableGeoip = body.optionalBoolean("disable_geoip");
            Boolean historicalMigration = body.optionalBoolean("historical_migration");
            try {
                PostHogClientBuilder b = PostHogClient.builder(apiKey).host(host).captureProtocol(mode.protocol());
                if (flushAt != null) {
                    b.flushAt(flushAt);
                }
                if (flushIntervalMs != null) {
                    if (flushIntervalMs < 0) {
                        throw new BadRequest("'flush_interval_ms' must not be negative, was " + flushIntervalMs);
                    }
                    // The SDK needs a positive interval; 0 ("send at once") becomes its smallest, 1 ms.
                    b.flushInterval(Duration.ofMillis(Math.max(1, flushIntervalMs)));
                }
                if (maxRetries != null) {
                    b.maxRetries(maxRetries);
                }
                if (compression != null) {
                    b.compression(compression ? mode.compression() : Compression.NONE);
                } else if (mode.compression() != Compression.GZIP) {
                    // SDK default is "compress"; in a deflate or zstd run, compress with the run's encoding.
                    b.compression(mode.compression());
                }
                if (disableGeoip != null) {
                    b.disableGeoip(disableGeoip);
                }
                if (historicalMigration != null) {
                    b.historicalMigration(historicalMigration);
                }
                if (testId != null) {
                    b.header(TEST_ID_HEADER, testId);
                }
                return new Plan(b, apiKey);
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new BadRequest(e.getMessage());
            }
        }

        /** Starts the client, sending through {@code transport} observed by a fresh {@link ObservingTransport}. */
        Session start(HttpTransport transport, AtomicLong refusedAfterSilence) {
            ObservingTransport observer = new ObservingTransport(transport, apiKey, refusedAfterSilence);
            PostHogClient client = builder.httpTransport(observer).build();
            return new Session(client, observer);
        }
    }

    PostHogClient client() {
        return client;
    }

    ObservingTransport observer() {
        return observer;
    }

    /**
     * Silences the client at once: the gate closes first (nothing more leaves, even a request a sender thread was
     * about to start), then {@code shutdown(Duration.ZERO)} discards everything pending without sending and cancels
     * scheduled retries; a request in flight is abandoned (its sender thread is interrupted). The shared transport
     * underneath stays open for the other tests.
     */
    ShutdownResult silence() {
        observer.silence();
        return client.shutdown(Duration.ZERO);
    }
}
