package io.github.posthogcommunity.posthog;

import io.github.posthogcommunity.posthog.exceptions.ExceptionOptions;
import io.github.posthogcommunity.posthog.flags.FeatureFlagOptions;
import io.github.posthogcommunity.posthog.flags.FeatureFlagResult;
import io.github.posthogcommunity.posthog.flags.FeatureFlagStats;
import io.github.posthogcommunity.posthog.flags.FeatureFlagsAndPayloads;
import io.github.posthogcommunity.posthog.flags.FeatureFlagsSnapshot;
import io.github.posthogcommunity.posthog.http.HttpTransport;
import io.github.posthogcommunity.posthog.http.JdkHttpTransport;
import io.github.posthogcommunity.posthog.internal.ClientConfig;
import io.github.posthogcommunity.posthog.internal.LoggerNames;
import io.github.posthogcommunity.posthog.internal.event.EventFactory;
import io.github.posthogcommunity.posthog.internal.event.ImmediateOutcomes;
import io.github.posthogcommunity.posthog.internal.event.SuperProperties;
import io.github.posthogcommunity.posthog.internal.exceptions.ExceptionProperties;
import io.github.posthogcommunity.posthog.internal.exceptions.RecentExceptions;
import io.github.posthogcommunity.posthog.internal.exceptions.UncaughtExceptionCapture;
import io.github.posthogcommunity.posthog.internal.pipeline.Lanes;
import io.github.posthogcommunity.posthog.internal.wire.SdkInfo;
import io.github.posthogcommunity.posthog.internal.flags.RemoteFlags;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The PostHog client: capture events, identify people and groups, flush, and shut down.
 *
 * <p>Thread-safe. Capture calls never block (unless {@link QueueFullPolicy#BLOCK} is chosen) and never throw:
 * they validate and snapshot the event on the calling thread and hand it to a background pipeline (one dispatcher
 * thread that batches and schedules retries, and a small sender pool for HTTP). Events that cannot be accepted are
 * dropped, logged once and counted in {@link #stats()}.
 *
 * <p>Create one per application with {@link #builder(String)} and {@link #close()} it on shutdown (the Spring Boot
 * starter does both). {@code close()} drains pending events within {@code shutdownTimeout}.
 */
public final class PostHogClient implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LoggerNames.CLIENT);

    /** The library name sent as {@code $lib} and in the User-Agent. */
    public static final String SDK_NAME = SdkInfo.NAME;

    /** The library version sent as {@code $lib_version} and in the User-Agent. */
    public static final String SDK_VERSION = SdkInfo.VERSION;

    private final ClientConfig config;
    private final HttpTransport transport;
    private final boolean ownsTransport;
    private final Lanes lanes;
    private final EventFactory events;
    private volatile EventFactory aiEvents;
    private final RemoteFlags flags;
    private final SuperProperties superProperties = new SuperProperties();
    private final ImmediateOutcomes immediateOutcomes = new ImmediateOutcomes();

    PostHogClient(ClientConfig config, Map<String, ?> superProperties) {
        this.config = config;
        superProperties.forEach(this.superProperties::register);
        this.recentExceptions = new RecentExceptions(REPEAT_WINDOW.toNanos(), config.clock()::nanoTime);
        this.ownsTransport = config.enabled() && config.httpTransport() == null;
        this.transport = !config.enabled() ? null
                : ownsTransport ? new JdkHttpTransport(min(config.requestTimeout(), Duration.ofSeconds(10)))
                : config.httpTransport();
        this.lanes = config.enabled() ? new Lanes(config, transport) : null;
        this.events = new EventFactory(config, lanes == null ? null : lanes.events(), this.superProperties);
        this.flags = new RemoteFlags(config, transport,
                (distinctId, properties, options) -> events.capture(distinctId, "$feature_flag_called", properties, options));
        installUncaughtExceptionHandler();
    }

    /**
     * A builder for a client that sends with this project API key (the {@code phc_...} key, not a personal key).
     */
    public static PostHogClientBuilder builder(String projectApiKey) {
        return new PostHogClientBuilder(projectApiKey);
    }

    /** A client that accepts every call and sends nothing; its stats stay zero. */
    public static PostHogClient disabled() {
        return new PostHogClientBuilder(null).enabled(false).build();
    }

    /** {@code false} for a client built with {@code enabled(false)}. */
    public boolean isEnabled() {
        return config.enabled();
    }

    /**
     * Captures an event with no properties.
     *
     * @return the event's uuid, or {@code null} when it was dropped
     */
    public @Nullable UUID capture(@Nullable String distinctId, String event) {
        return events.capture(distinctId, event, null, null);
    }

    /**
     * Captures an event. The properties map is copied before this method returns; later changes to it are not sent.
     * Values become JSON values: maps, collections and arrays nest, a {@code byte[]} becomes a base64 string
     * (standard alphabet, padded), dates and times ISO-8601 strings, enums their name, other objects their
     * {@code toString()}. The copy stops as soon as the properties could not fit in an event (900 KiB serialized)
     * and the event is dropped ({@link DropReason#TOO_LARGE}), so a huge or self-multiplying input costs the caller
     * little; nesting deeper than 64 levels (or a cycle) is {@link DropReason#INVALID}.
     *
     * @param distinctId who did it; {@code null} uses the ambient {@link EventContext} if there is one, else sends
     *                   a personless event (a random id and {@code $process_person_profile: false}); a blank
     *                   string is invalid. To record an anonymous event on purpose, also when an id is known,
     *                   pass {@link CaptureOptions#personless()}
     * @param event the event name
     * @param properties event properties, may be {@code null}
     * @return the event's uuid, or {@code null} when it was dropped
     */
    public @Nullable UUID capture(@Nullable String distinctId, String event, @Nullable Map<String, ?> properties) {
        return events.capture(distinctId, event, properties, null);
    }

    /**
     * Captures an event with options (timestamp, uuid, groups, {@code $set}, {@code $set_once}, geoip).
     *
     * @return the event's uuid, or {@code null} when it was dropped
     */
    public @Nullable UUID capture(@Nullable String distinctId, String event, @Nullable Map<String, ?> properties,
                                  @Nullable CaptureOptions options) {
        return events.capture(distinctId, event, properties, options);
    }

    /**
     * Captures an event and sends it now: it goes through the same pipeline as {@link #capture} (before-send
     * hooks, batching with whatever else is pending, retries, counters), and the event lane is flushed at once.
     * For batch jobs, CLIs and serverless functions that must know the event arrived before they exit.
     *
     * <p>Never blocks and never throws: the returned future completes with the event's final outcome, sent or
     * dropped with its reason and HTTP status, within about {@code requestTimeout} per attempt plus the retry
     * backoff ({@code maxRetries + 1} attempts at most), or at {@link #shutdown} at the latest. It completes on
     * a thread of the client, never on the caller's; dependent stages should not block it. {@code join()} it to
     * wait. A disabled client answers {@link CaptureOutcome.Status#DISABLED} at once.
     */
    public CompletableFuture<CaptureOutcome> captureImmediate(String distinctId, String event,
                                                              Map<String, ?> properties, CaptureOptions options) {
        if (lanes == null) {
            return CompletableFuture.completedFuture(CaptureOutcome.disabled());
        }
        CompletableFuture<CaptureOutcome> future = new CompletableFuture<>();
        events.captureImmediate(distinctId, event, properties, options, future, immediateOutcomes);
        return future;
    }

    /** {@link #captureImmediate(String, String, Map, CaptureOptions)} without options. */
    public CompletableFuture<CaptureOutcome> captureImmediate(String distinctId, String event,
                                                              Map<String, ?> properties) {
        return captureImmediate(distinctId, event, properties, null);
    }

    // ---- Super properties ----

    /**
     * Adds a property to every event this client captures from now on (for example {@code app.version}). The
     * event's own properties and the ambient context's tags win over it, and so do the properties the SDK sets
     * itself ({@code $session_id}, {@code $process_person_profile}, {@code $is_server}, ...). The value is copied
     * now. Thread-safe; replaces an earlier value of the same key.
     *
     * @throws IllegalArgumentException when the key is blank, is {@code $lib} or {@code $lib_version}, or the value
     *                                  cannot be sent (nested too deep or cyclic)
     */
    public void register(String key, Object value) {
        superProperties.register(key, value);
    }

    /**
     * Stops adding this super property to new events.
     *
     * @return {@code false} when it was not registered
     */
    public boolean unregister(String key) {
        return superProperties.unregister(key);
    }

    /** The super properties registered now (an immutable snapshot). */
    public Map<String, Object> superProperties() {
        return superProperties.snapshot();
    }

    /**
     * Captures an LLM-analytics event (for example {@code $ai_generation}) through the AI lane: its own queue,
     * batches and retries, sent to {@code /i/v0/ai/batch/}; started on first use. A caller-supplied uuid
     * ({@link CaptureOptions#uuid()}) is kept. Plain {@link #capture} never reroutes {@code $ai_*} events.
     *
     * @return the event's uuid, or {@code null} when it was dropped
     */
    public @Nullable UUID captureAi(@Nullable String distinctId, String event, @Nullable Map<String, ?> properties,
                                    @Nullable CaptureOptions options) {
        if (lanes == null) {
            return null;
        }
        EventFactory factory = aiEvents;
        if (factory == null) {
            synchronized (this) {
                factory = aiEvents;
                if (factory == null) {
                    factory = new EventFactory(config, lanes.ai(), superProperties);
                    aiEvents = factory;
                }
            }
        }
        return factory.capture(distinctId, event, properties, options);
    }

    /** {@link #captureAi(String, String, Map, CaptureOptions)} without options. */
    public @Nullable UUID captureAi(@Nullable String distinctId, String event, @Nullable Map<String, ?> properties) {
        return captureAi(distinctId, event, properties, null);
    }

    /**
     * Sets person properties ({@code $identify} with {@code $set}).
     *
     * @return the event's uuid, or {@code null} when it was dropped
     */
    public @Nullable UUID identify(String distinctId, @Nullable Map<String, ?> set) {
        return events.identify(distinctId, set, null);
    }

    /**
     * Sets person properties, and others only if absent ({@code $identify} with {@code $set} and {@code $set_once}).
     *
     * @return the event's uuid, or {@code null} when it was dropped
     */
    public @Nullable UUID identify(String distinctId, @Nullable Map<String, ?> set,
                                   @Nullable Map<String, ?> setOnce) {
        return events.identify(distinctId, set, setOnce);
    }

    /**
     * Links a new id to an existing person ({@code $create_alias}).
     *
     * @param distinctId the existing (previous) distinct id
     * @param alias the new id to attach to the same person
     * @return the event's uuid, or {@code null} when it was dropped
     */
    public @Nullable UUID alias(String distinctId, String alias) {
        return events.alias(distinctId, alias);
    }

    /**
     * Sets group properties ({@code $groupidentify}), attributed to {@code $<type>_<key>}.
     *
     * @return the event's uuid, or {@code null} when it was dropped
     */
    public @Nullable UUID groupIdentify(String groupType, String groupKey, @Nullable Map<String, ?> properties) {
        return events.groupIdentify(groupType, groupKey, properties, null);
    }

    /**
     * Sets group properties ({@code $groupidentify}), attributed to the given distinct id.
     *
     * @return the event's uuid, or {@code null} when it was dropped
     */
    public @Nullable UUID groupIdentify(String groupType, String groupKey, @Nullable Map<String, ?> properties,
                                        @Nullable String distinctId) {
        return events.groupIdentify(groupType, groupKey, properties, distinctId);
    }

    /**
     * Sends every event accepted before this call, ignoring batching thresholds, and waits until each has been
     * delivered, dropped or put back for retry, at most {@code flushTimeout}. A retry already scheduled counts as
     * put back for retry: a flush never pulls it forward. An interrupt ends the wait early (the result says
     * {@code completed = false}; the interrupt flag stays set). Never throws.
     */
    public FlushResult flush() {
        return flush(config.flushTimeout());
    }

    /**
     * Like {@link #flush()}, waiting at most {@code timeout} ({@code null}: the configured flush timeout; a timeout
     * too large to count in nanoseconds waits as long as it takes).
     */
    public FlushResult flush(@Nullable Duration timeout) {
        if (lanes == null) {
            return FlushResult.empty();
        }
        Duration wait = timeout == null ? config.flushTimeout() : timeout.isNegative() ? Duration.ZERO : timeout;
        return lanes.flush(wait);
    }

    /** Starts a flush of every event accepted before this call; the future completes as {@link #flush()} returns. */
    public CompletableFuture<FlushResult> flushAsync() {
        return lanes == null ? CompletableFuture.completedFuture(FlushResult.empty()) : lanes.flushAsync();
    }

    /**
     * Stops accepting events and drains what is pending, with {@code timeout} as a hard deadline: requests are cut
     * to the time left, and whatever is left at the deadline is dropped ({@link DropReason#SHUTDOWN}). A zero
     * timeout discards everything pending without sending. Idempotent; a second call waits for the first.
     * An interrupted caller still drains within the deadline (the interrupt flag is restored before returning).
     * Returns within {@code timeout} plus at most 2 s; a huge timeout means "as long as it takes". The HTTP transport
     * the client created is closed once the drain has finished. No client thread survives its return (unless a
     * custom transport or listener ignores interruption). Never throws.
     */
    public ShutdownResult shutdown(Duration timeout) {
        uninstallUncaughtExceptionHandler();
        flags.shutdown();
        if (lanes == null) {
            return new ShutdownResult(true, 0, 0, Duration.ZERO);
        }
        ShutdownResult result = lanes.shutdown(timeout == null || timeout.isNegative() ? Duration.ZERO : timeout);
        immediateOutcomes.stop(Duration.ofMillis(100).toNanos()); // every event is settled: only completions are left
        if (ownsTransport) {
            // Only once the dispatchers finished: closing under a drain would fail its last attempts.
            lanes.whenStopped(this::closeTransport);
        }
        return result;
    }

    private void closeTransport() {
        try {
            transport.close();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "PostHog HTTP transport failed to close", e);
        }
    }

    /** {@link #shutdown(Duration)} with the configured {@code shutdownTimeout}. */
    @Override
    public void close() {
        shutdown(config.shutdownTimeout());
    }

    // ---- Exceptions ----
    // captureException sends $exception with $exception_list (see ExceptionProperties for the shape and bounds).
    // Like capture, it never throws and returns the event's uuid, or null when nothing was sent.

    private volatile UncaughtExceptionCapture uncaughtExceptionHandler;

    /** How long a captured exception instance is remembered, so that a second report of it is not sent. */
    static final Duration REPEAT_WINDOW = Duration.ofSeconds(30);
    private final RecentExceptions recentExceptions;

    /**
     * Captures a handled exception as a {@code $exception} event attributed to the ambient {@link EventContext}, or
     * personless when there is none.
     *
     * @return the event's uuid, or {@code null} when it was dropped (or {@code throwable} is {@code null})
     */
    public @Nullable UUID captureException(@Nullable Throwable throwable) {
        return captureException(throwable, null, null, null);
    }

    /** {@link #captureException(Throwable, String, Map)} without properties. */
    public @Nullable UUID captureException(@Nullable Throwable throwable, @Nullable String distinctId) {
        return captureException(throwable, distinctId, null, null);
    }

    /**
     * Captures a handled exception as a {@code $exception} event: {@code $exception_list} (the exception first, then
     * its suppressed exceptions and causes, each with a raw stack trace from entry point to crash site),
     * {@code $exception_type}, {@code $exception_message} and {@code $exception_level: "error"}.
     *
     * @param distinctId who saw it; {@code null} uses the ambient {@link EventContext}, else a personless event
     * @param properties extra event properties, may be {@code null}; they cannot replace the {@code $exception_list},
     *                   {@code $exception_type}, {@code $exception_message} and {@code $exception_level} keys
     * @return the event's uuid, or {@code null} when it was dropped (or {@code throwable} is {@code null}, or a
     *         repeat: see {@link #captureException(Throwable, String, Map, ExceptionOptions)})
     */
    public @Nullable UUID captureException(@Nullable Throwable throwable, @Nullable String distinctId,
                                          @Nullable Map<String, ?> properties) {
        return captureException(throwable, distinctId, properties, null);
    }

    /**
     * {@link #captureException(Throwable, String, Map)} with options: whether it was handled, the level, and the
     * per-event {@link CaptureOptions} (timestamp, uuid, groups, ...).
     *
     * <p>An exception is sent once: when the same {@code Throwable} instance, or one of its causes, was captured by
     * this client within the last 30 seconds (for example by a logging appender and by the web framework's
     * exception capture of the same request, or a wrapper of it logged by the servlet container), nothing is sent
     * and {@code null} is returned.
     */
    public @Nullable UUID captureException(@Nullable Throwable throwable, @Nullable String distinctId,
                                          @Nullable Map<String, ?> properties, @Nullable ExceptionOptions options) {
        if (throwable == null) {
            LOG.log(System.Logger.Level.WARNING, "PostHog captureException was given no exception; nothing sent");
            return null;
        }
        if (!config.enabled()) {
            return null;
        }
        ExceptionOptions opts = options == null ? ExceptionOptions.defaults() : options;
        Map<String, Object> props;
        try {
            if (!recentExceptions.firstSighting(throwable)) {
                return null;
            }
            if (events.dropIfNoRoom()) { // a full queue: counted, and no frames are walked for nothing
                return null;
            }
            props = new ExceptionProperties(config.exceptions().inAppPackages())
                    .build(throwable, opts.handled(), opts.synthetic(), opts.level().wireValue(), properties);
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "PostHog could not describe an exception ({0}); nothing sent",
                    e.getClass().getName());
            return null;
        }
        return events.capture(distinctId, "$exception", props, opts.captureOptions());
    }

    private void installUncaughtExceptionHandler() {
        if (config.enabled() && config.exceptions().captureUncaughtExceptions()) {
            uncaughtExceptionHandler = UncaughtExceptionCapture.install((thread, throwable) -> {
                captureException(throwable, null, null, ExceptionOptions.unhandled());
                flush(min(config.flushTimeout(), Duration.ofSeconds(2))); // the JVM may exit right after
            });
        }
    }

    private void uninstallUncaughtExceptionHandler() {
        UncaughtExceptionCapture handler = uncaughtExceptionHandler;
        if (handler != null) {
            handler.uninstall();
        }
    }

    // ---- Feature flags (remote and local evaluation) ----
    // Without a personal API key, every read below is one POST {host}/flags/?v=2 on the calling thread (nothing is
    // cached between calls and nothing is requested on init or capture), bounded by featureFlagsRequestTimeout and
    // featureFlagsMaxRetries.
    // With a personal API key (builder.personalApiKey), a background thread loads the flag definitions every
    // featureFlagsPollInterval and every read evaluates locally first, with no request; the flags it cannot
    // decide are asked with one /flags request for those keys only (none with onlyEvaluateLocally: they are then
    // absent). forceRemote skips local evaluation. $feature_flag_called events say locally_evaluated.
    // None throws: when the server cannot answer, they return what an unknown flag returns, log one line and count
    // the failure in flagStats(). Payloads are the raw JSON text the server (or the definitions) hold.

    /**
     * The flag's value for this person: {@link Boolean#TRUE}, {@link Boolean#FALSE} or the variant {@link String};
     * {@code null} when the flag is unknown or the server could not answer. Emits a deduplicated
     * {@code $feature_flag_called} event unless disabled.
     */
    public @Nullable Object getFeatureFlag(String key, String distinctId) {
        return flags.getFeatureFlag(key, distinctId, null);
    }

    /** {@link #getFeatureFlag(String, String)} with groups, properties and the other evaluation options. */
    public @Nullable Object getFeatureFlag(String key, String distinctId, @Nullable FeatureFlagOptions options) {
        return flags.getFeatureFlag(key, distinctId, options);
    }

    /** Whether the flag is on for this person (a variant counts as on); {@code false} when there is no value. */
    public boolean isFeatureEnabled(String key, String distinctId) {
        return flags.isFeatureEnabled(key, distinctId, false, null);
    }

    /**
     * Whether the flag is on for this person (a variant counts as on); {@code defaultValue} only when there is no
     * value (unknown flag, failed request). Emits a deduplicated {@code $feature_flag_called} event unless disabled.
     */
    public boolean isFeatureEnabled(String key, String distinctId, boolean defaultValue) {
        return flags.isFeatureEnabled(key, distinctId, defaultValue, null);
    }

    /** {@link #isFeatureEnabled(String, String, boolean)} with evaluation options. */
    public boolean isFeatureEnabled(String key, String distinctId, boolean defaultValue,
                                    @Nullable FeatureFlagOptions options) {
        return flags.isFeatureEnabled(key, distinctId, defaultValue, options);
    }

    /**
     * The flag's payload for this person as raw JSON text (for example {@code {"discount":10}}), or {@code null}.
     * Never emits {@code $feature_flag_called}.
     */
    public @Nullable String getFeatureFlagPayload(String key, String distinctId) {
        return flags.getFeatureFlagPayload(key, distinctId, null);
    }

    /** {@link #getFeatureFlagPayload(String, String)} with evaluation options. */
    public @Nullable String getFeatureFlagPayload(String key, String distinctId,
                                                 @Nullable FeatureFlagOptions options) {
        return flags.getFeatureFlagPayload(key, distinctId, options);
    }

    /**
     * The flag's value and payload from one request, or {@code null} when the flag is unknown or the server could
     * not answer. Emits a deduplicated {@code $feature_flag_called} event unless disabled.
     */
    public @Nullable FeatureFlagResult getFeatureFlagResult(String key, String distinctId) {
        return flags.getFeatureFlagResult(key, distinctId, null);
    }

    /** {@link #getFeatureFlagResult(String, String)} with evaluation options. */
    public @Nullable FeatureFlagResult getFeatureFlagResult(String key, String distinctId,
                                                           @Nullable FeatureFlagOptions options) {
        return flags.getFeatureFlagResult(key, distinctId, options);
    }

    /** Every flag's value for this person (key to {@link Boolean} or variant), empty on failure. No events. */
    public Map<String, Object> getAllFlags(String distinctId) {
        return flags.getAllFlags(distinctId, null);
    }

    /** {@link #getAllFlags(String)} with evaluation options ({@link FeatureFlagOptions#flagKeys()} narrows it). */
    public Map<String, Object> getAllFlags(String distinctId, @Nullable FeatureFlagOptions options) {
        return flags.getAllFlags(distinctId, options);
    }

    /** Every flag's value and payload for this person, empty on failure. No events. */
    public FeatureFlagsAndPayloads getAllFlagsAndPayloads(String distinctId) {
        return flags.getAllFlagsAndPayloads(distinctId, null);
    }

    /** {@link #getAllFlagsAndPayloads(String)} with evaluation options. */
    public FeatureFlagsAndPayloads getAllFlagsAndPayloads(String distinctId, @Nullable FeatureFlagOptions options) {
        return flags.getAllFlagsAndPayloads(distinctId, options);
    }

    /**
     * Evaluates this person's flags with one request and returns an immutable snapshot to branch on and to attach
     * to events ({@code CaptureOptions.builder().flags(snapshot)}). Its accessors never go to the network.
     */
    public FeatureFlagsSnapshot evaluateFlags(String distinctId) {
        return flags.evaluateFlags(distinctId, null);
    }

    /** {@link #evaluateFlags(String)} with evaluation options ({@link FeatureFlagOptions#flagKeys()} narrows it). */
    public FeatureFlagsSnapshot evaluateFlags(String distinctId, @Nullable FeatureFlagOptions options) {
        return flags.evaluateFlags(distinctId, options);
    }

    /**
     * The payload of a remote-config flag as raw JSON text, read with the personal (or feature-flags secure) API
     * key from PostHog's remote-config endpoint, which decrypts encrypted payloads. One request on the calling
     * thread, bounded by the flags timeout; {@code null} without a personal API key, for an unknown flag or a flag
     * without payload, or when PostHog cannot answer (logged). No {@code $feature_flag_called} event.
     */
    public String getRemoteConfigPayload(String flagKey) {
        return flags.getRemoteConfigPayload(flagKey);
    }

    /** The counters of flag evaluations: remote requests and, with a personal API key, local evaluation. */
    public FeatureFlagStats flagStats() {
        return flags.stats();
    }

    /**
     * With a personal API key: loads the flag definitions now (in the background) rather than at the next poll.
     * Does nothing otherwise.
     */
    public void reloadFeatureFlags() {
        flags.reloadDefinitions();
    }

    /**
     * Adds a delivery listener to a client already built, as {@link PostHogClientBuilder#deliveryListener} does
     * before: it hears about the attempts and drops that finish from now on, on the notifier thread. For
     * integrations that meet a client after its creation (the Spring Boot starter meters every client bean this
     * way). Does nothing on a disabled client.
     */
    public void addDeliveryListener(DeliveryListener listener) {
        java.util.Objects.requireNonNull(listener, "listener");
        if (config.enabled()) {
            config.deliveryListeners().add(listener);
        }
    }

    /** A snapshot of the delivery counters, both lanes (events and AI) added up. */
    public PostHogStats stats() {
        return lanes == null
                ? new PostHogStats(0, 0, Map.of(), 0, config.maxQueueSize(), 0, 0, 0, 0, 0, 0, 0)
                : lanes.stats();
    }

    /** The AI lane's counters alone (zeros before its first use); they are included in {@link #stats()}. */
    public PostHogStats aiStats() {
        return lanes == null ? new PostHogStats(0, 0, Map.of(), 0, 0, 0, 0, 0, 0, 0, 0, 0) : lanes.aiStats();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public String toString() {
        return "PostHogClient{host=" + config.host() + ", enabled=" + config.enabled() + "}";
    }
}
