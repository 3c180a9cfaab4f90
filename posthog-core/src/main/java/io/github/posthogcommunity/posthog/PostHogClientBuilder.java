package io.github.posthogcommunity.posthog;

import io.github.posthogcommunity.posthog.internal.LoggerNames;
import io.github.posthogcommunity.posthog.flags.FeatureFlagRequestObserver;
import io.github.posthogcommunity.posthog.flags.FeatureFlagOptions;
import io.github.posthogcommunity.posthog.flags.FlagDefinitionsCache;
import io.github.posthogcommunity.posthog.http.HttpTransport;
import io.github.posthogcommunity.posthog.internal.ClientConfig;
import io.github.posthogcommunity.posthog.internal.exceptions.ExceptionsConfig;
import io.github.posthogcommunity.posthog.internal.flags.FlagsConfig;
import io.github.posthogcommunity.posthog.internal.flags.RetrySleeper;

import org.jspecify.annotations.Nullable;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Builds a {@link PostHogClient}. Obtain one with {@link PostHogClient#builder(String)}. Not thread-safe;
 * every setter validates its argument and {@link #build()} validates the combination, throwing
 * {@link IllegalArgumentException} with a message that names the option. {@code toString()} never shows the key.
 */
public final class PostHogClientBuilder {

    /** The largest {@link #maxQueueSize(int)}: the queue's slot array is allocated up front. */
    public static final int MAX_QUEUE_SIZE = 1_000_000;
    /** The default {@link #maxQueueBytes(long)}: 64 MiB. */
    public static final long DEFAULT_MAX_QUEUE_BYTES = 64L * 1024 * 1024;
    /** The default {@link #senderThreads(int)}. */
    public static final int DEFAULT_SENDER_THREADS = 4;
    /** The default {@link #maxSenderThreads(int)} (when {@code senderThreads} is not larger). */
    public static final int DEFAULT_MAX_SENDER_THREADS = 32;
    /** The smallest {@link #maxQueueBytes(long)}: 1 MiB, so that an event of the largest accepted size fits. */
    public static final long MIN_QUEUE_BYTES = 1024L * 1024;
    /** The longest duration any option accepts. */
    public static final Duration MAX_DURATION = Duration.ofDays(365);

    private static final System.Logger LOG = System.getLogger(LoggerNames.CLIENT);

    /** The default ingestion host (PostHog Cloud US). */
    public static final String DEFAULT_HOST = "https://us.i.posthog.com";

    private final String projectApiKey;
    private boolean enabled = true;
    private String host = DEFAULT_HOST;
    private int flushAt = 100;
    private Duration flushInterval = Duration.ofSeconds(5);
    private int maxBatchSize = 100;
    private int maxQueueSize = 10_000;
    private long maxQueueBytes = DEFAULT_MAX_QUEUE_BYTES;
    private int maxRetries = 3;
    private Duration requestTimeout = Duration.ofSeconds(10);
    private Duration shutdownTimeout = Duration.ofSeconds(10);
    private Duration flushTimeout = Duration.ofSeconds(30);
    private Compression compression = Compression.GZIP;
    private int senderThreads = DEFAULT_SENDER_THREADS;
    /** {@code 0}: not set, {@code max(DEFAULT_MAX_SENDER_THREADS, senderThreads)}. */
    private int maxSenderThreads;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final List<BeforeSend> beforeSend = new ArrayList<>();
    private final List<DeliveryListener> deliveryListeners = new ArrayList<>();
    private boolean disableGeoip;
    private PostHogClock clock = PostHogClock.system();
    private HttpTransport httpTransport;
    private QueueFullPolicy queueFullPolicy = QueueFullPolicy.DROP_NEWEST;
    private Duration queueFullBlockTimeout = Duration.ofSeconds(1);
    private Supplier<EventContext> contextSupplier;
    private CaptureProtocol captureProtocol = CaptureProtocol.V0;
    private String personalApiKey;
    private boolean historicalMigration;
    private final Map<String, Object> superProperties = new LinkedHashMap<>();

    PostHogClientBuilder(String projectApiKey) {
        this.projectApiKey = projectApiKey;
    }

    /** {@code false} builds a client that accepts every call and sends nothing (no threads, no requests). Default {@code true}. */
    public PostHogClientBuilder enabled(boolean value) {
        this.enabled = value;
        return this;
    }

    /** The PostHog host, for example {@code https://eu.i.posthog.com}. Default {@value #DEFAULT_HOST}. */
    public PostHogClientBuilder host(String value) {
        this.host = validHost(value);
        return this;
    }

    /** Send a batch as soon as this many events are buffered. Default 100. */
    public PostHogClientBuilder flushAt(int value) {
        this.flushAt = positive("flushAt", value);
        return this;
    }

    /** Send buffered events at the latest this long after the oldest of them arrived. Default 5 s. */
    public PostHogClientBuilder flushInterval(Duration value) {
        this.flushInterval = positive("flushInterval", value);
        return this;
    }

    /** The most events one request carries. Default 100. */
    public PostHogClientBuilder maxBatchSize(int value) {
        this.maxBatchSize = positive("maxBatchSize", value);
        return this;
    }

    /**
     * The bound on events accepted and not yet finished (queued, batched, in flight, awaiting retry). Default
     * 10 000; at most {@value #MAX_QUEUE_SIZE}. When it is smaller than twice {@link #flushAt(int)}, {@code flushAt}
     * is lowered to half of it at {@link #build()} (with one log line), so batches form before the queue fills.
     */
    public PostHogClientBuilder maxQueueSize(int value) {
        positive("maxQueueSize", value);
        if (value > MAX_QUEUE_SIZE) {
            throw new IllegalArgumentException("maxQueueSize must be <= " + MAX_QUEUE_SIZE + ", was " + value);
        }
        this.maxQueueSize = value;
        return this;
    }

    /**
     * The bound on the bytes of events accepted and not yet finished, counted by their serialized size (the body
     * they will be sent as). An event that does not fit is dropped ({@link DropReason#QUEUE_FULL}) like an event over
     * {@link #maxQueueSize(int)}; {@link QueueFullPolicy#BLOCK} waits for queue slots only, never for bytes.
     * Default 64 MiB; at least 1 MiB.
     */
    public PostHogClientBuilder maxQueueBytes(long value) {
        if (value < MIN_QUEUE_BYTES) {
            throw new IllegalArgumentException("maxQueueBytes must be >= " + MIN_QUEUE_BYTES + " (1 MiB), was " + value);
        }
        this.maxQueueBytes = value;
        return this;
    }

    /** Retries after the first attempt before events are dropped. Default 3; 0 disables retries. */
    public PostHogClientBuilder maxRetries(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, was " + value);
        }
        this.maxRetries = value;
        return this;
    }

    /** The bound on one HTTP exchange. Default 10 s. */
    public PostHogClientBuilder requestTimeout(Duration value) {
        this.requestTimeout = positive("requestTimeout", value);
        return this;
    }

    /** The hard deadline of {@link PostHogClient#close()}. Default 10 s; zero discards pending events without sending. */
    public PostHogClientBuilder shutdownTimeout(Duration value) {
        this.shutdownTimeout = notNegative("shutdownTimeout", value);
        return this;
    }

    /** The longest {@link PostHogClient#flush()} waits. Default 30 s. */
    public PostHogClientBuilder flushTimeout(Duration value) {
        this.flushTimeout = positive("flushTimeout", value);
        return this;
    }

    /**
     * Request body compression: {@link Compression#GZIP} (default), {@link Compression#DEFLATE},
     * {@link Compression#ZSTD} (needs a zstd library on the classpath) or none.
     */
    public PostHogClientBuilder compression(Compression value) {
        this.compression = Objects.requireNonNull(value, "compression");
        return this;
    }

    /**
     * How many HTTP requests may run at once. Default 4, whatever the number of cores: senders mostly wait on the
     * network, so against a slow endpoint throughput grows with them, not with CPUs.
     */
    public PostHogClientBuilder senderThreads(int value) {
        this.senderThreads = positive("senderThreads", value);
        return this;
    }

    /**
     * The most HTTP requests that may run at once. Concurrency starts at {@link #senderThreads(int)} and grows
     * towards this bound while events pile up and requests succeed after waiting on the server at least as long as
     * they took to build (a slow or distant endpoint; not when compressing request bodies is the work), and
     * shrinks again on timeouts, 408, 429 and 5xx answers, never below {@code senderThreads}; idle sender threads
     * end after 30 s. Default 32 (or {@code senderThreads} when that is larger); set it equal to
     * {@code senderThreads} for a fixed number of concurrent requests.
     *
     * @throws IllegalArgumentException at {@link #build()} when it is lower than {@code senderThreads}
     */
    public PostHogClientBuilder maxSenderThreads(int value) {
        this.maxSenderThreads = positive("maxSenderThreads", value);
        return this;
    }

    /** Adds an HTTP header to every request (for example a proxy token). */
    public PostHogClientBuilder header(String name, String value) {
        Objects.requireNonNull(name, "header name");
        Objects.requireNonNull(value, "header value");
        if (name.isBlank() || name.chars().anyMatch(c -> c <= ' ' || c == ':' || c > '~')) {
            throw new IllegalArgumentException("header name is not a valid HTTP token: '" + name + "'");
        }
        if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
            // The value itself is not shown: headers often carry tokens.
            throw new IllegalArgumentException("header '" + name + "' has a line break or NUL in its value");
        }
        headers.put(name, value);
        return this;
    }

    /** Adds every header of the map; see {@link #header(String, String)}. */
    public PostHogClientBuilder headers(Map<String, String> values) {
        if (values != null) {
            values.forEach(this::header);
        }
        return this;
    }

    /** Appends a hook to the before-send chain. */
    public PostHogClientBuilder beforeSend(BeforeSend hook) {
        beforeSend.add(Objects.requireNonNull(hook, "beforeSend"));
        return this;
    }

    /** Adds a delivery listener. */
    public PostHogClientBuilder deliveryListener(DeliveryListener listener) {
        deliveryListeners.add(Objects.requireNonNull(listener, "deliveryListener"));
        return this;
    }

    /** Adds {@code $geoip_disable: true} to every event. Default {@code false}. */
    public PostHogClientBuilder disableGeoip(boolean value) {
        this.disableGeoip = value;
        return this;
    }

    /** The time source. Default {@link PostHogClock#system()}. */
    public PostHogClientBuilder clock(PostHogClock value) {
        this.clock = Objects.requireNonNull(value, "clock");
        return this;
    }

    /** The HTTP seam. Default: a {@link io.github.posthogcommunity.posthog.http.JdkHttpTransport} owned and closed by the client. */
    public PostHogClientBuilder httpTransport(HttpTransport value) {
        this.httpTransport = Objects.requireNonNull(value, "httpTransport");
        return this;
    }

    /** What capture does when the queue is full. Default {@link QueueFullPolicy#DROP_NEWEST}. */
    public PostHogClientBuilder queueFullPolicy(QueueFullPolicy value) {
        this.queueFullPolicy = Objects.requireNonNull(value, "queueFullPolicy");
        return this;
    }

    /** With {@link QueueFullPolicy#BLOCK}: the longest a capture waits for space. Default 1 s. */
    public PostHogClientBuilder queueFullBlockTimeout(Duration value) {
        this.queueFullBlockTimeout = positive("queueFullBlockTimeout", value);
        return this;
    }

    /**
     * Supplies ambient identity and tags (for example the current HTTP request's) for events captured without a
     * distinct id, and the session id and tags of every event. Default {@link PostHogContext#current()}: scopes,
     * request filters and context propagation all write there. {@code null} restores the default.
     */
    public PostHogClientBuilder contextSupplier(@Nullable Supplier<@Nullable EventContext> value) {
        this.contextSupplier = value;
        return this;
    }

    /**
     * Adds a property to every event the client captures; see {@link PostHogClient#register(String, Object)}, which
     * adds and changes them at runtime.
     *
     * @throws IllegalArgumentException when the key is blank or reserved, or the value cannot be sent
     */
    public PostHogClientBuilder superProperty(String key, Object value) {
        new io.github.posthogcommunity.posthog.internal.event.SuperProperties().register(key, value); // validates now
        superProperties.put(key, value);
        return this;
    }

    /** Adds every entry as a {@link #superProperty(String, Object) super property}. */
    public PostHogClientBuilder superProperties(Map<String, ?> values) {
        if (values != null) {
            values.forEach(this::superProperty);
        }
        return this;
    }

    /** The capture wire format. Default {@link CaptureProtocol#V0}. */
    public PostHogClientBuilder captureProtocol(CaptureProtocol value) {
        this.captureProtocol = Objects.requireNonNull(value, "captureProtocol");
        return this;
    }

    /**
     * A personal (or feature-flags secure) API key, for feature flag local evaluation. Never logged or shown.
     * Default none.
     */
    public PostHogClientBuilder personalApiKey(@Nullable String value) {
        this.personalApiKey = value == null || value.isBlank() ? null : value.trim();
        return this;
    }

    /** Marks every capture request as a historical migration ({@code historical_migration: true}). Default {@code false}. */
    public PostHogClientBuilder historicalMigration(boolean value) {
        this.historicalMigration = value;
        return this;
    }

    // ---- Feature flags (remote and local evaluation) ----

    private Duration featureFlagsRequestTimeout = FlagsConfig.DEFAULT_REQUEST_TIMEOUT;
    private int featureFlagsMaxRetries = FlagsConfig.DEFAULT_MAX_RETRIES;
    private boolean sendFeatureFlagEvents = true;
    private int featureFlagCalledCacheSize = FlagsConfig.DEFAULT_CALLED_EVENT_CACHE_SIZE;
    private RetrySleeper featureFlagsRetrySleeper = RetrySleeper.system();
    private Duration featureFlagsPollInterval = FlagsConfig.DEFAULT_POLL_INTERVAL;
    private Duration featureFlagsWaitForFirstLoad = Duration.ZERO;
    private FeatureFlagRequestObserver featureFlagsRequestObserver;
    private FlagDefinitionsCache featureFlagDefinitionsCache;
    private int featureFlagsResultCacheMaxSize;
    private Duration featureFlagsResultCacheMaxAge = FlagsConfig.DEFAULT_RESULT_CACHE_MAX_AGE;
    private List<String> featureFlagsEvaluationContexts = List.of();

    /** The bound on one {@code /flags} attempt (flag reads block their caller). Default 3 s. */
    public PostHogClientBuilder featureFlagsRequestTimeout(Duration value) {
        this.featureFlagsRequestTimeout = positive("featureFlagsRequestTimeout", value);
        return this;
    }

    /**
     * Retries of a {@code /flags} request after the first attempt, only when no response came (connect, reset,
     * timeout) or the status was 502/504; waits 300 ms, then 600 ms, doubling. Default 1; 0 to 5.
     */
    public PostHogClientBuilder featureFlagsMaxRetries(int value) {
        if (value < 0 || value > FlagsConfig.MAX_RETRIES) {
            throw new IllegalArgumentException("featureFlagsMaxRetries must be between 0 and " + FlagsConfig.MAX_RETRIES
                    + ", was " + value);
        }
        this.featureFlagsMaxRetries = value;
        return this;
    }

    /** Whether flag reads emit {@code $feature_flag_called} events (deduplicated). Default {@code true}. */
    public PostHogClientBuilder sendFeatureFlagEvents(boolean value) {
        this.sendFeatureFlagEvents = value;
        return this;
    }

    /** How many (distinct id, flag, value, groups) combinations the {@code $feature_flag_called} dedupe remembers. Default 50 000. */
    public PostHogClientBuilder featureFlagCalledCacheSize(int value) {
        this.featureFlagCalledCacheSize = positive("featureFlagCalledCacheSize", value);
        return this;
    }

    /**
     * With a {@link #personalApiKey(String) personal API key}: the time between two loads of the flag definitions
     * used for local evaluation (a background thread; 304 answers keep the current set). Default 30 s.
     */
    public PostHogClientBuilder featureFlagsPollInterval(Duration value) {
        this.featureFlagsPollInterval = positive("featureFlagsPollInterval", value);
        return this;
    }

    /**
     * With a {@link #personalApiKey(String) personal API key}: how long {@link #build()} waits for the first load
     * of the flag definitions, so that the first flag reads are evaluated locally. If they are not loaded in time
     * the client is built anyway and reads go to the server until they are. Default zero: no wait (the first load
     * runs in the background).
     */
    public PostHogClientBuilder featureFlagsWaitForFirstLoad(Duration value) {
        this.featureFlagsWaitForFirstLoad = notNegative("featureFlagsWaitForFirstLoad", value);
        return this;
    }

    /**
     * Observes each remote {@code /flags} request (for timers and traces); reads answered by local evaluation are
     * not observed. Default none.
     */
    public PostHogClientBuilder featureFlagsRequestObserver(FeatureFlagRequestObserver value) {
        this.featureFlagsRequestObserver = Objects.requireNonNull(value, "featureFlagsRequestObserver");
        return this;
    }

    /**
     * With a {@link #personalApiKey(String) personal API key}: a flag-definitions cache shared by the instances of
     * a fleet, so that one instance per poll interval fetches the definitions and the others evaluate from its
     * copy (for example the Redis cache of {@code posthog-flags-redis}). When the cache fails, each instance
     * fetches by itself. Default none.
     */
    public PostHogClientBuilder featureFlagDefinitionsCache(FlagDefinitionsCache value) {
        this.featureFlagDefinitionsCache = value;
        return this;
    }

    /**
     * Caches remote flag results in process: up to {@code maxSize} results per (distinct id, groups, person and
     * group properties, flag keys, evaluation contexts), each answering reads for {@code maxAge} without a
     * request. Trades freshness for latency: a flag change reaches a cached person only after {@code maxAge}.
     * {@code $feature_flag_called} events are still sent (deduplicated as usual). Only reads that go to the
     * server use it. Default off ({@code maxSize} 0).
     */
    public PostHogClientBuilder featureFlagsResultCache(int maxSize, Duration maxAge) {
        if (maxSize < 0) {
            throw new IllegalArgumentException("feature flag result cache size must not be negative, was " + maxSize);
        }
        this.featureFlagsResultCacheMaxSize = maxSize;
        this.featureFlagsResultCacheMaxAge = positive("featureFlagsResultCache maxAge", maxAge);
        return this;
    }

    /**
     * The client's default evaluation contexts (PostHog's flag evaluation tags, for example {@code "backend"} or
     * {@code "checkout-service"}): sent with every {@code /flags} request, and honoured by local evaluation
     * (a flag with evaluation tags is evaluated only when one of them is among the contexts). Per call,
     * {@link io.github.posthogcommunity.posthog.flags.FeatureFlagOptions.Builder#evaluationContexts} replaces
     * them. Default none (every flag is evaluated).
     */
    public PostHogClientBuilder featureFlagsEvaluationContexts(Collection<String> value) {
        this.featureFlagsEvaluationContexts = FeatureFlagOptions.cleanContexts(value);
        return this;
    }

    /** Test seam: how the waits between {@code /flags} attempts are spent. */
    PostHogClientBuilder featureFlagsRetrySleeper(RetrySleeper value) {
        this.featureFlagsRetrySleeper = Objects.requireNonNull(value, "featureFlagsRetrySleeper");
        return this;
    }

    private FlagsConfig flagsConfig() {
        return new FlagsConfig(featureFlagsRequestTimeout, featureFlagsMaxRetries,
                FlagsConfig.DEFAULT_FIRST_RETRY_DELAY, sendFeatureFlagEvents, featureFlagCalledCacheSize,
                featureFlagsRetrySleeper, featureFlagsPollInterval, featureFlagsWaitForFirstLoad,
                featureFlagsRequestObserver, featureFlagDefinitionsCache,
                featureFlagsResultCacheMaxSize, featureFlagsResultCacheMaxAge, featureFlagsEvaluationContexts);
    }

    // ---- Exceptions ----

    private final List<String> inAppPackages = new ArrayList<>();
    private boolean captureUncaughtExceptions;

    /**
     * Package (or class name) prefixes of the application, for example {@code "com.acme"}: stack frames of classes
     * in them are marked {@code in_app: true} in {@code $exception} events, every other frame {@code false}. A
     * prefix matches whole name segments ({@code "com.acme"} matches {@code com.acme.Shop}, not
     * {@code com.acmecorp.Shop}). Adds to earlier calls. With none configured (the default), every frame outside
     * well-known JDK, server and library packages is in-app.
     */
    public PostHogClientBuilder inAppPackages(String... prefixes) {
        Objects.requireNonNull(prefixes, "inAppPackages");
        for (String prefix : prefixes) {
            if (prefix == null || prefix.isBlank()) {
                throw new IllegalArgumentException("inAppPackages must not contain a blank prefix");
            }
            inAppPackages.add(prefix.trim());
        }
        return this;
    }

    /**
     * Whether the client installs itself as the JVM's default uncaught-exception handler: an exception that ends a
     * thread is captured as an unhandled {@code $exception} (flushed for at most 2 s, as the JVM may be exiting),
     * then handed to the previous default handler (or printed as the JVM would). On shutdown the previous handler is
     * restored. Default {@code false}; do not enable it in frameworks that manage threads and errors themselves.
     */
    public PostHogClientBuilder captureUncaughtExceptions(boolean value) {
        this.captureUncaughtExceptions = value;
        return this;
    }

    private ExceptionsConfig exceptionsConfig() {
        return new ExceptionsConfig(inAppPackages, captureUncaughtExceptions);
    }

    /**
     * Builds and starts the client (its dispatcher thread starts now; sender threads on first use).
     *
     * <p>Cross-checks: when {@code flushAt} is more than half of {@code maxQueueSize}, it is lowered to half of it
     * (one log line); otherwise batches would only form on the interval while the queue overflows.
     *
     * @throws IllegalArgumentException when the project API key is blank on an enabled client
     */
    public PostHogClient build() {
        if (enabled && (projectApiKey == null || projectApiKey.isBlank())) {
            throw new IllegalArgumentException("projectApiKey must not be blank (use enabled(false) for a no-op client)");
        }
        if (enabled && compression == Compression.ZSTD
                && !io.github.posthogcommunity.posthog.internal.wire.ZstdCodec.available()) {
            throw new IllegalArgumentException(
                    io.github.posthogcommunity.posthog.internal.wire.ZstdCodec.missingLibraryMessage());
        }
        if (maxSenderThreads != 0 && maxSenderThreads < senderThreads) {
            throw new IllegalArgumentException("maxSenderThreads (" + maxSenderThreads
                    + ") must not be lower than senderThreads (" + senderThreads + ")");
        }
        int maxSenders = maxSenderThreads != 0 ? maxSenderThreads : Math.max(DEFAULT_MAX_SENDER_THREADS, senderThreads);
        int flushAt = this.flushAt;
        int flushAtCap = Math.max(1, maxQueueSize / 2);
        if (flushAt > flushAtCap) {
            LOG.log(System.Logger.Level.INFO, "PostHog flushAt {0} lowered to {1}: half of maxQueueSize {2}", flushAt,
                    flushAtCap, maxQueueSize);
            flushAt = flushAtCap;
        }
        ClientConfig config = new ClientConfig(enabled, projectApiKey == null ? "" : projectApiKey.trim(),
                URI.create(host), flushAt, flushInterval, maxBatchSize, maxQueueSize, maxQueueBytes, maxRetries,
                requestTimeout,
                shutdownTimeout, flushTimeout, compression, senderThreads, maxSenders, Map.copyOf(headers), List.copyOf(beforeSend),
                new CopyOnWriteArrayList<>(deliveryListeners), disableGeoip, clock, httpTransport, queueFullPolicy,
                queueFullBlockTimeout, contextSupplier == null ? PostHogContext::current : contextSupplier,
                captureProtocol, historicalMigration, personalApiKey,
                flagsConfig(), exceptionsConfig());
        return new PostHogClient(config, superProperties);
    }

    @Override
    public String toString() {
        return "PostHogClientBuilder{host=" + host + ", enabled=" + enabled + ", projectApiKey="
                + io.github.posthogcommunity.posthog.internal.Secrets.mask(projectApiKey) + "}";
    }

    private static String validHost(String value) {
        Objects.requireNonNull(value, "host");
        String trimmed = value.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("host is not a valid URL: '" + value + "'", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("host must be an absolute http(s) URL, was '" + value + "'");
        }
        return trimmed;
    }

    private static int positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, was " + value);
        }
        return value;
    }

    private static Duration positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
        return notNegative(name, value);
    }

    private static Duration notNegative(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
        if (value.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException(name + " must be at most " + MAX_DURATION.toDays() + " days, was "
                    + value);
        }
        return value;
    }
}
