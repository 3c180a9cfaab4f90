package io.github.posthogcommunity.posthog.internal.flags.local;

import io.github.posthogcommunity.posthog.PostHogClock;
import io.github.posthogcommunity.posthog.http.HttpTransport;
import io.github.posthogcommunity.posthog.http.TransportRequest;
import io.github.posthogcommunity.posthog.http.TransportResponse;
import io.github.posthogcommunity.posthog.internal.LoggerNames;

import io.github.posthogcommunity.posthog.flags.CachedFlagDefinitions;
import io.github.posthogcommunity.posthog.flags.FlagDefinitionsCache;
import io.github.posthogcommunity.posthog.flags.FlagDefinitionsCacheStats;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps the local-evaluation definitions fresh: {@code GET {host}/flags/definitions?token=<project key>&send_cohorts}
 * with {@code Authorization: Bearer <personal key>}, every {@code pollInterval}, on one daemon thread
 * ({@code posthog-flags-poller-N}). The first load starts at once, in the background.
 *
 * <p>Each successful load replaces the current {@link LocalEvaluator} atomically (one reference write), so an
 * evaluation always sees one whole snapshot. Loads never overlap: only the poller thread loads.
 *
 * <ul>
 *   <li>{@code 200}: parse and swap; remember the {@code ETag} and send it as {@code If-None-Match} next time.</li>
 *   <li>{@code 304}: keep the current set (a successful check: {@link #lastSuccessfulLoad()} moves).</li>
 *   <li>{@code 402} (quota exceeded): clear the local flags; {@link #isLoaded()} becomes false so callers go
 *       remote; polling continues at the normal interval.</li>
 *   <li>{@code 401}, {@code 403}, {@code 429}: keep the old set and back off: the next poll waits
 *       {@code pollInterval x 2^n} (n = consecutive such answers), at most {@link #MAX_BACKOFF} (but never less
 *       than {@code pollInterval}); a {@code Retry-After} in seconds on a 429 is honoured when longer. Any
 *       success resets it.</li>
 *   <li>Any other status, a network error or an unreadable body: keep the old set, poll again after
 *       {@code pollInterval}.</li>
 * </ul>
 * A failure is logged once per failure streak (WARNING), later failures of the same streak at DEBUG, and the
 * recovery at INFO. Keys are never logged.
 */
public final class DefinitionsPoller implements AutoCloseable {

    /** The cap of the 401/403/429 backoff. */
    public static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    private static final System.Logger LOG = System.getLogger(LoggerNames.FLAGS);
    private static final AtomicInteger THREAD_IDS = new AtomicInteger();

    /**
     * What the poller needs.
     *
     * @param host the PostHog host, for example {@code https://us.i.posthog.com}
     * @param projectApiKey the project key ({@code phc_...})
     * @param personalApiKey the personal (or feature-flags secure) API key
     * @param pollInterval the time between polls (default 30 s)
     * @param requestTimeout the bound on one request (default 10 s)
     * @param transport the HTTP seam
     * @param clock time, also for the waits between polls (a manual clock makes them testable)
     * @param headers extra headers sent with every load (the client's custom headers, a User-Agent); never the
     *     {@code Authorization} header, which always carries the personal key
     * @param cache the fleet-wide definitions cache, or {@code null} to always fetch by itself
     */
    public record Config(URI host, String projectApiKey, String personalApiKey, Duration pollInterval,
                         Duration requestTimeout, HttpTransport transport, PostHogClock clock,
                         Map<String, String> headers, @Nullable FlagDefinitionsCache cache) {

        public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(30);
        public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

        public Config {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(projectApiKey, "projectApiKey");
            Objects.requireNonNull(personalApiKey, "personalApiKey");
            Objects.requireNonNull(transport, "transport");
            pollInterval = pollInterval == null ? DEFAULT_POLL_INTERVAL : pollInterval;
            requestTimeout = requestTimeout == null ? DEFAULT_REQUEST_TIMEOUT : requestTimeout;
            clock = clock == null ? PostHogClock.system() : clock;
            headers = headers == null ? Map.of() : Map.copyOf(headers);
            if (pollInterval.isNegative() || pollInterval.isZero()) {
                throw new IllegalArgumentException("pollInterval must be positive");
            }
        }

        /** A config without a shared cache. */
        public Config(URI host, String projectApiKey, String personalApiKey, Duration pollInterval,
                      Duration requestTimeout, HttpTransport transport, PostHogClock clock,
                      Map<String, String> headers) {
            this(host, projectApiKey, personalApiKey, pollInterval, requestTimeout, transport, clock, headers, null);
        }

        /** A config without extra headers. */
        public Config(URI host, String projectApiKey, String personalApiKey, Duration pollInterval,
                      Duration requestTimeout, HttpTransport transport, PostHogClock clock) {
            this(host, projectApiKey, personalApiKey, pollInterval, requestTimeout, transport, clock, Map.of());
        }

        /** A config with the default poll interval (30 s), request timeout (10 s) and the system clock. */
        public static Config of(URI host, String projectApiKey, String personalApiKey, HttpTransport transport) {
            return new Config(host, projectApiKey, personalApiKey, null, null, transport, null);
        }

        @Override
        public String toString() {
            return "Config{host=" + host + ", pollInterval=" + pollInterval + ", requestTimeout=" + requestTimeout
                    + (cache == null ? "" : ", cache=" + cache.name()) + "}";
        }
    }

    private final Config config;
    private final URI uri;
    private final LocalEvaluator empty;
    private final AtomicReference<LocalEvaluator> current;
    private final Object lock = new Object();
    private final CountDownLatch firstAttempt = new CountDownLatch(1);
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final Thread thread;
    private final @Nullable SharedDefinitions shared;

    private volatile boolean closed;
    private volatile boolean loaded;
    private volatile Instant lastSuccessfulLoad;
    private volatile Duration nextDelay;
    private boolean wakeRequested; // guarded by lock

    // poller thread only
    private String etag;
    private byte @Nullable [] currentJson; // the body the current definitions were parsed from
    private @Nullable CachedFlagDefinitions appliedDocument;
    private int failureStreak;
    private int backoffStreak;

    private DefinitionsPoller(Config config) {
        this.config = config;
        String host = config.host().toString();
        while (host.endsWith("/")) {
            host = host.substring(0, host.length() - 1);
        }
        this.uri = URI.create(host + "/flags/definitions?token="
                + URLEncoder.encode(config.projectApiKey(), StandardCharsets.UTF_8) + "&send_cohorts");
        this.empty = new LocalEvaluator(FlagDefinitions.empty(), config.clock());
        this.current = new AtomicReference<>(empty);
        this.shared = config.cache() == null ? null : new SharedDefinitions(config.cache());
        this.thread = new Thread(this::run, "posthog-flags-poller-" + THREAD_IDS.incrementAndGet());
        this.thread.setDaemon(true);
        config.clock().onJump(this::wake);
    }

    /** Creates the poller and starts its thread; the first load begins at once. */
    public static DefinitionsPoller start(Config config) {
        DefinitionsPoller poller = new DefinitionsPoller(config);
        poller.thread.start();
        return poller;
    }

    /** The current snapshot; empty (no flags) before the first load and after a 402. */
    public LocalEvaluator evaluator() {
        return current.get();
    }

    /** Whether definitions are loaded (at least once, and not cleared by a 402 since). */
    public boolean isLoaded() {
        return loaded;
    }

    /**
     * Waits until the first load attempt has finished (successfully or not), at most {@code timeout}.
     *
     * @return {@link #isLoaded()} at that point
     */
    public boolean awaitFirstLoad(Duration timeout) throws InterruptedException {
        firstAttempt.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        return loaded;
    }

    /** Asks for a load now instead of at the next interval (still on the poller thread, one at a time). */
    public void pollNow() {
        synchronized (lock) {
            wakeRequested = true;
            lock.notifyAll();
        }
    }

    /** When definitions were last loaded or confirmed unchanged (304); empty before that. */
    public Optional<Instant> lastSuccessfulLoad() {
        return Optional.ofNullable(lastSuccessfulLoad);
    }

    /** The number of flags in the current snapshot. */
    public int definitionsCount() {
        return current.get().definitions().size();
    }

    /** The counters of the shared definitions cache ({@link FlagDefinitionsCacheStats#DISABLED} without one). */
    public FlagDefinitionsCacheStats cacheStats() {
        return shared == null ? FlagDefinitionsCacheStats.DISABLED : shared.stats();
    }

    /** The number of load attempts so far (for tests and metrics). */
    public long loadAttempts() {
        return attempts.get();
    }

    /** The number of load attempts whose outcome has been applied. */
    public long completedLoads() {
        return completed.get();
    }

    Thread thread() {
        return thread;
    }

    /** The wait chosen after the latest attempt (the poll interval, or a backoff). */
    Duration nextDelay() {
        return nextDelay;
    }

    /**
     * Stops polling; returns once the thread has ended (or after 10 s if the transport ignores interrupts). With a
     * shared cache, then gives the lease up (on the closing thread, once the poller thread has ended, so no cache
     * call ever overlaps another; when it has not ended in time, the lease expires on its own).
     */
    @Override
    public void close() {
        closed = true;
        wake();
        thread.interrupt();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (shared != null && !thread.isAlive()) {
            shared.release();
        }
    }

    private void wake() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    private void run() {
        try {
            while (!closed) {
                Duration delay = pollOnce();
                // the wait is measured from here, before anyone can observe this attempt as done, so a clock
                // jump right after that observation counts towards it
                long deadline = config.clock().nanoTime() + delay.toNanos();
                nextDelay = delay;
                completed.incrementAndGet();
                firstAttempt.countDown();
                if (!awaitNextPoll(deadline)) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            // closing
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "PostHog flag definitions poller stopped unexpectedly", e);
        } finally {
            firstAttempt.countDown();
        }
    }

    /** Waits until the deadline (by the injected clock), a {@link #pollNow()} or close; false when closing. */
    private boolean awaitNextPoll(long deadline) throws InterruptedException {
        PostHogClock clock = config.clock();
        synchronized (lock) {
            while (!closed && !wakeRequested) {
                long remaining = deadline - clock.nanoTime();
                if (remaining <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, remaining);
            }
            wakeRequested = false;
            return !closed;
        }
    }

    /**
     * One poll: without a shared cache, or when it fails, a load of our own. With one, the lease holder loads and
     * publishes; every other instance applies the holder's document.
     */
    private Duration pollOnce() throws InterruptedException {
        if (shared == null) {
            return loadOnce(false);
        }
        Boolean holder = shared.lease();
        if (holder == null) {
            shared.fellBack();
            return loadOnce(false);
        }
        if (holder) {
            return loadOnce(true);
        }
        SharedDefinitions.Read read = shared.read();
        CachedFlagDefinitions document = read.document();
        if (read.failed() || (document != null && !document.isReadable())) {
            // an unreachable cache, or a document of another schema version: never "no flags"
            shared.fellBack();
            return loadOnce(false);
        }
        if (document == null) {
            // the holder has not written yet: look again soon when there is nothing to evaluate with
            return loaded ? config.pollInterval() : firstDocumentRetry();
        }
        return applyShared(document);
    }

    private Duration firstDocumentRetry() {
        Duration retry = Duration.ofSeconds(1);
        return config.pollInterval().compareTo(retry) < 0 ? config.pollInterval() : retry;
    }

    /** Evaluates from the lease holder's document (parsed only when it changed). */
    private Duration applyShared(CachedFlagDefinitions document) throws InterruptedException {
        if (document.equals(appliedDocument) && loaded) {
            succeeded(document.fetchedAt());
            return config.pollInterval();
        }
        byte[] json = document.json();
        FlagDefinitions definitions;
        try {
            definitions = FlagDefinitions.parse(json);
        } catch (IllegalArgumentException e) {
            failed("the shared definitions are unreadable: " + e.getMessage(), config.pollInterval());
            shared.fellBack();
            return loadOnce(false);
        }
        current.set(new LocalEvaluator(definitions, config.clock()));
        currentJson = json;
        etag = document.etag();
        appliedDocument = document;
        loaded = true;
        succeeded(document.fetchedAt());
        return config.pollInterval();
    }

    /** One load; returns the wait before the next one. {@code publish}: write the result to the shared cache. */
    private Duration loadOnce(boolean publish) throws InterruptedException {
        attempts.incrementAndGet();
        Map<String, String> headers = new LinkedHashMap<>();
        config.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Authorization") && !name.equalsIgnoreCase("If-None-Match")) {
                headers.put(name, value);
            }
        });
        headers.put("Authorization", "Bearer " + config.personalApiKey());
        headers.put("Accept", "application/json");
        if (etag != null) {
            headers.put("If-None-Match", etag);
        }
        TransportResponse response;
        try {
            response = config.transport().send(
                    new TransportRequest("GET", uri, headers, new byte[0], config.requestTimeout()));
        } catch (IOException e) {
            return failed("no response (" + e.getClass().getSimpleName() + ")", config.pollInterval());
        } catch (RuntimeException e) {
            // a broken custom transport must not end polling
            return failed("the transport failed (" + e.getClass().getSimpleName() + ")", config.pollInterval());
        }
        if (closed) {
            return Duration.ZERO;
        }
        int status = response.statusCode();
        switch (status) {
            case 200:
                return loaded(response, publish);
            case 304:
                String tag = response.header("ETag");
                if (tag != null) {
                    etag = tag;
                }
                Instant now = config.clock().now();
                succeeded(now);
                if (publish && currentJson != null) {
                    shared.write(CachedFlagDefinitions.of(currentJson, etag, now));
                }
                return config.pollInterval();
            case 402:
                current.set(empty);
                loaded = false;
                etag = null;
                currentJson = null;
                appliedDocument = null;
                backoffStreak = 0;
                return failed("HTTP 402: the feature flag quota is exceeded; local flags are cleared",
                        config.pollInterval());
            case 401:
            case 403:
            case 429:
                backoffStreak++;
                return failed("HTTP " + status + (status == 429 ? " (rate limited)"
                        : " (check the personal API key and its project)"), backoff(response));
            default:
                return failed("HTTP " + status, config.pollInterval());
        }
    }

    private Duration loaded(TransportResponse response, boolean publish) {
        FlagDefinitions definitions;
        byte[] body = response.body();
        try {
            definitions = FlagDefinitions.parse(body);
        } catch (IllegalArgumentException e) {
            return failed("unreadable definitions: " + e.getMessage(), config.pollInterval());
        }
        current.set(new LocalEvaluator(definitions, config.clock()));
        etag = response.header("ETag");
        currentJson = body;
        appliedDocument = null;
        loaded = true;
        Instant now = config.clock().now();
        succeeded(now);
        if (publish) {
            shared.write(CachedFlagDefinitions.of(body, etag, now));
        }
        LOG.log(System.Logger.Level.DEBUG, "PostHog flag definitions loaded: {0} flags", definitions.size());
        return config.pollInterval();
    }

    private void succeeded(Instant at) {
        lastSuccessfulLoad = at;
        if (failureStreak > 0) {
            LOG.log(System.Logger.Level.INFO,
                    "PostHog flag definitions loaded again after {0} failed attempt(s)", failureStreak);
        }
        failureStreak = 0;
        backoffStreak = 0;
    }

    private Duration failed(String what, Duration next) {
        failureStreak++;
        if (failureStreak == 1) {
            LOG.log(System.Logger.Level.WARNING, "PostHog flag definitions could not be loaded: " + what
                    + "; keeping the current definitions, next attempt in " + next);
        } else {
            LOG.log(System.Logger.Level.DEBUG, "PostHog flag definitions still failing ({0} attempts): {1}",
                    failureStreak, what);
        }
        return next;
    }

    private Duration backoff(TransportResponse response) {
        Duration interval = config.pollInterval();
        Duration cap = interval.compareTo(MAX_BACKOFF) > 0 ? interval : MAX_BACKOFF;
        int shift = Math.min(backoffStreak, 20);
        Duration delay = interval.multipliedBy(1L << shift);
        if (delay.compareTo(cap) > 0) {
            delay = cap;
        }
        String retryAfter = response.header("Retry-After");
        if (retryAfter != null) {
            try {
                Duration asked = Duration.ofSeconds(Long.parseLong(retryAfter.strip()));
                if (asked.compareTo(delay) > 0) {
                    delay = asked.compareTo(cap) > 0 ? cap : asked;
                }
            } catch (NumberFormatException e) {
                // an HTTP date: the exponential backoff stands
            }
        }
        return delay;
    }
}
