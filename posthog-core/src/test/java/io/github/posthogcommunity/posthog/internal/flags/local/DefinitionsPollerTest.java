package io.github.posthogcommunity.posthog.internal.flags.local;

import io.github.posthogcommunity.posthog.http.JdkHttpTransport;
import io.github.posthogcommunity.posthog.support.ManualClock;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The poller against a real local HTTP server; waits between polls run on a manual clock. */
class DefinitionsPollerTest {

    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final MockWebServer server = new MockWebServer();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private volatile Function<RecordedRequest, MockResponse> responder = r -> definitions("v1", "flag-a");
    private final ManualClock clock = new ManualClock();
    private final JdkHttpTransport transport = new JdkHttpTransport();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.add(request);
                return responder.apply(request);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        transport.close();
        server.close();
    }

    private DefinitionsPoller start() {
        DefinitionsPoller poller = DefinitionsPoller.start(config());
        toClose.add(poller);
        return poller;
    }

    private DefinitionsPoller.Config config() {
        return new DefinitionsPoller.Config(URI.create(server.url("/").toString()), "phc_project_key_123",
                "phx_personal_key_456", INTERVAL, Duration.ofSeconds(5), transport, clock);
    }

    static MockResponse definitions(String etag, String... keys) {
        StringBuilder flags = new StringBuilder();
        for (String key : keys) {
            if (flags.length() > 0) {
                flags.append(',');
            }
            flags.append("{\"id\":1,\"key\":\"").append(key).append("\",\"active\":true,")
                    .append("\"filters\":{\"groups\":[{\"properties\":[],\"rollout_percentage\":100}]}}");
        }
        MockResponse.Builder b = new MockResponse.Builder().code(200)
                .body("{\"flags\":[" + flags + "],\"group_type_mapping\":{},\"cohorts\":{}}");
        if (etag != null) {
            b.setHeader("ETag", etag);
        }
        return b.build();
    }

    static MockResponse status(int code) {
        return new MockResponse.Builder().code(code).body("{}").build();
    }

    @Test
    void firstLoadSendsKeysAndTheEtagRoundTripsWith304KeepingTheSet() throws Exception {
        DefinitionsPoller poller = start();
        assertThat(poller.awaitFirstLoad(WAIT)).isTrue();
        assertThat(poller.definitionsCount()).isEqualTo(1);
        assertThat(poller.lastSuccessfulLoad()).contains(clock.now());
        RecordedRequest first = requests.get(0);
        assertThat(first.getMethod()).isEqualTo("GET");
        assertThat(first.getTarget()).isEqualTo("/flags/definitions?token=phc_project_key_123&send_cohorts");
        assertThat(first.getHeaders().get("Authorization")).isEqualTo("Bearer phx_personal_key_456");
        assertThat(first.getHeaders().get("If-None-Match")).isNull();

        LocalEvaluator loaded = poller.evaluator();
        responder = r -> "v1".equals(r.getHeaders().get("If-None-Match"))
                ? new MockResponse.Builder().code(304).build() : definitions("v2", "other");
        clock.advance(INTERVAL); // the wait between polls runs on the injected clock
        await().atMost(WAIT).until(() -> requests.size() == 2 && poller.loadAttempts() == 2
                && poller.lastSuccessfulLoad().orElseThrow().equals(clock.now()));
        assertThat(requests.get(1).getHeaders().get("If-None-Match")).isEqualTo("v1");
        assertThat(poller.evaluator()).isSameAs(loaded);
        assertThat(poller.definitionsCount()).isEqualTo(1);
    }

    @Test
    void aNewSetIsSwappedInAndItsEtagUsedNext() throws Exception {
        DefinitionsPoller poller = start();
        assertThat(poller.awaitFirstLoad(WAIT)).isTrue();
        responder = r -> definitions("v2", "flag-a", "flag-b");
        poller.pollNow();
        await().atMost(WAIT).until(() -> poller.definitionsCount() == 2);
        responder = r -> new MockResponse.Builder().code(304).build();
        poller.pollNow();
        await().atMost(WAIT).until(() -> requests.size() == 3);
        assertThat(requests.get(2).getHeaders().get("If-None-Match")).isEqualTo("v2");
    }

    @Test
    void aFailureKeepsTheOldSetAndPollsAgainAtTheInterval() throws Exception {
        DefinitionsPoller poller = start();
        assertThat(poller.awaitFirstLoad(WAIT)).isTrue();
        LocalEvaluator loaded = poller.evaluator();
        var lastLoad = poller.lastSuccessfulLoad();

        responder = r -> status(500);
        clock.advance(INTERVAL);
        await().atMost(WAIT).until(() -> poller.completedLoads() == 2);
        responder = r -> new MockResponse.Builder().code(200).body("not json").build();
        clock.advance(INTERVAL);
        await().atMost(WAIT).until(() -> poller.completedLoads() == 3);
        assertThat(requests).hasSize(3);
        assertThat(poller.nextDelay()).isEqualTo(INTERVAL);

        assertThat(poller.evaluator()).isSameAs(loaded);
        assertThat(poller.isLoaded()).isTrue();
        assertThat(poller.lastSuccessfulLoad()).isEqualTo(lastLoad);
        assertThat(poller.evaluator().evaluate("flag-a", FlagContext.of("u")))
                .isInstanceOf(LocalResult.Decided.class);
    }

    @Test
    void unauthorizedBacksOffExponentiallyAndASuccessResetsIt() throws Exception {
        DefinitionsPoller poller = start();
        assertThat(poller.awaitFirstLoad(WAIT)).isTrue();
        LocalEvaluator loaded = poller.evaluator();

        responder = r -> status(401);
        clock.advance(INTERVAL);
        await().atMost(WAIT).until(() -> INTERVAL.multipliedBy(2).equals(poller.nextDelay()));
        assertThat(requests).hasSize(2);
        assertThat(poller.evaluator()).isSameAs(loaded);

        clock.advance(INTERVAL.multipliedBy(2));
        await().atMost(WAIT).until(() -> INTERVAL.multipliedBy(4).equals(poller.nextDelay()));
        assertThat(requests).hasSize(3);

        responder = r -> status(429);
        clock.advance(INTERVAL.multipliedBy(4));
        await().atMost(WAIT).until(() -> INTERVAL.multipliedBy(8).equals(poller.nextDelay()));

        clock.advance(INTERVAL.multipliedBy(8));
        await().atMost(WAIT).until(() -> DefinitionsPoller.MAX_BACKOFF.equals(poller.nextDelay()));
        assertThat(requests).hasSize(5);

        responder = r -> definitions("v9", "flag-a", "flag-b");
        clock.advance(DefinitionsPoller.MAX_BACKOFF);
        await().atMost(WAIT).until(() -> poller.definitionsCount() == 2 && INTERVAL.equals(poller.nextDelay()));
    }

    @Test
    void quotaLimitedClearsTheLocalFlags() throws Exception {
        DefinitionsPoller poller = start();
        LocalFlags flags = new LocalFlags(poller);
        assertThat(poller.awaitFirstLoad(WAIT)).isTrue();
        assertThat(flags.evaluate("flag-a", FlagContext.of("u"))).isInstanceOf(LocalResult.Decided.class);

        responder = r -> status(402);
        poller.pollNow();
        await().atMost(WAIT).until(() -> !poller.isLoaded());
        assertThat(poller.definitionsCount()).isZero();
        assertThat(poller.evaluator().evaluate("flag-a", FlagContext.of("u")))
                .isEqualTo(new LocalResult.Inconclusive("flag-a", LocalResult.Cause.FLAG_NOT_FOUND));
        assertThat(flags.evaluate("flag-a", FlagContext.of("u")))
                .isEqualTo(new LocalResult.Inconclusive("flag-a", LocalResult.Cause.NOT_LOADED));
        assertThat(flags.evaluateAll(FlagContext.of("u")).loaded()).isFalse();
        assertThat(poller.nextDelay()).isEqualTo(INTERVAL);

        responder = r -> definitions("v3", "flag-a");
        poller.pollNow();
        await().atMost(WAIT).until(poller::isLoaded);
        assertThat(requests.get(requests.size() - 1).getHeaders().get("If-None-Match")).isNull();
    }

    @Test
    void evaluationsNeverSeeATornSetWhileThePollerSwaps() throws Exception {
        // two sets; in each, both flags carry the set's marker as variant, payload and version
        AtomicBoolean flip = new AtomicBoolean();
        responder = r -> markedSet(flip.getAndSet(!flip.get()) ? "b" : "a");
        DefinitionsPoller poller = start();
        assertThat(poller.awaitFirstLoad(WAIT)).isTrue();

        int threads = 4;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<String> torn = new AtomicReference<>();
        AtomicLong evaluations = new AtomicLong();
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    FlagContext ctx = FlagContext.of("user-1").withSdkEnrichment();
                    while (!stop.get()) {
                        LocalEvaluations all = poller.evaluator().evaluateAll(ctx);
                        String x = marker(all.values().get("flag-x"));
                        String y = marker(all.values().get("flag-y"));
                        LocalResult.Decided one = (LocalResult.Decided) poller.evaluator().evaluate("flag-x", ctx);
                        marker(one);
                        if (!x.equals(y)) {
                            torn.compareAndSet(null, "evaluateAll mixed sets: " + x + " / " + y);
                        }
                        evaluations.incrementAndGet();
                        Thread.yield(); // leave the poller thread some of the two cores
                    }
                } catch (Throwable e) {
                    torn.compareAndSet(null, e.toString());
                } finally {
                    done.countDown();
                }
            });
            worker.start();
        }
        long swapsBefore = poller.loadAttempts();
        for (int i = 0; i < 25; i++) {
            long target = poller.completedLoads() + 1;
            poller.pollNow();
            await().atMost(WAIT).pollInterval(Duration.ofMillis(2))
                    .until(() -> poller.completedLoads() >= target);
        }
        await().atMost(WAIT).until(() -> evaluations.get() > 1000);
        stop.set(true);
        done.await();
        assertThat(poller.loadAttempts() - swapsBefore).isGreaterThanOrEqualTo(25);
        assertThat(torn.get()).isNull();
    }

    /** Checks one result is internally consistent and returns its set marker. */
    private static String marker(LocalResult.Decided d) {
        String variant = d.variant();
        String expectedPayload = "{\"set\":\"" + variant + "\"}";
        if (!expectedPayload.equals(d.payload()) || d.flagVersion() != (variant.equals("a") ? 1L : 2L)) {
            throw new AssertionError("torn result " + d);
        }
        return variant;
    }

    private static MockResponse markedSet(String marker) {
        long version = marker.equals("a") ? 1 : 2;
        String flags = flag("flag-x", marker, version) + "," + flag("flag-y", marker, version);
        return new MockResponse.Builder().code(200)
                .body("{\"flags\":[" + flags + "],\"group_type_mapping\":{},\"cohorts\":{}}").build();
    }

    private static String flag(String key, String marker, long version) {
        return "{\"id\":7,\"version\":" + version + ",\"key\":\"" + key + "\",\"active\":true,\"filters\":{"
                + "\"groups\":[{\"properties\":[],\"rollout_percentage\":100,\"variant\":\"" + marker + "\"}],"
                + "\"multivariate\":{\"variants\":[{\"key\":\"a\",\"rollout_percentage\":50},"
                + "{\"key\":\"b\",\"rollout_percentage\":50}]},"
                + "\"payloads\":{\"" + marker + "\":\"{\\\"set\\\":\\\"" + marker + "\\\"}\"}}}";
    }

    @Test
    void failuresLogOncePerStreakAndNeverShowTheKeys() throws Exception {
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger("io.github.posthogcommunity.posthog");
        List<java.util.logging.LogRecord> records = new CopyOnWriteArrayList<>();
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (record.getMessage() != null && record.getMessage().contains("flag definitions")) {
                    records.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Level previous = jul.getLevel();
        jul.setLevel(java.util.logging.Level.ALL);
        jul.addHandler(handler);
        try {
            responder = r -> status(500);
            DefinitionsPoller poller = start();
            assertThat(poller.awaitFirstLoad(WAIT)).isFalse();
            poller.pollNow();
            await().atMost(WAIT).until(() -> poller.completedLoads() == 2);
            responder = r -> status(401);
            poller.pollNow();
            await().atMost(WAIT).until(() -> poller.completedLoads() == 3);
            assertThat(levels(records, java.util.logging.Level.WARNING)).isEqualTo(1);

            responder = r -> definitions("v1", "flag-a");
            poller.pollNow();
            await().atMost(WAIT).until(poller::isLoaded);
            assertThat(levels(records, java.util.logging.Level.INFO)).isEqualTo(1);

            responder = r -> status(503);
            poller.pollNow();
            await().atMost(WAIT).until(() -> levels(records, java.util.logging.Level.WARNING) == 2);
            for (java.util.logging.LogRecord record : records) {
                String text = java.text.MessageFormat.format(record.getMessage(),
                        record.getParameters() == null ? new Object[0] : record.getParameters());
                assertThat(text).doesNotContain("phc_project_key_123").doesNotContain("phx_personal_key_456");
            }
        } finally {
            jul.removeHandler(handler);
            jul.setLevel(previous);
        }
    }

    private static long levels(List<java.util.logging.LogRecord> records, java.util.logging.Level level) {
        return records.stream().filter(r -> r.getLevel().equals(level)).count();
    }

    @Test
    void aThrowingTransportOrAnUnreachableHostDoesNotEndPolling() throws Exception {
        AtomicLong calls = new AtomicLong();
        io.github.posthogcommunity.posthog.http.HttpTransport flaky = request -> {
            long n = calls.incrementAndGet();
            if (n == 1) {
                throw new IllegalStateException("boom");
            }
            if (n == 2) {
                throw new java.net.ConnectException("refused");
            }
            return transport.send(request);
        };
        DefinitionsPoller poller = DefinitionsPoller.start(new DefinitionsPoller.Config(
                URI.create(server.url("/").toString()), "phc_project_key_123", "phx_personal_key_456", INTERVAL,
                null, flaky, clock));
        toClose.add(poller);
        assertThat(poller.awaitFirstLoad(WAIT)).isFalse();
        clock.advance(INTERVAL);
        await().atMost(WAIT).until(() -> poller.completedLoads() == 2);
        assertThat(poller.isLoaded()).isFalse();
        clock.advance(INTERVAL);
        await().atMost(WAIT).until(poller::isLoaded);
        assertThat(poller.thread().isAlive()).isTrue();
    }

    @Test
    void closeStopsThePollerThread() throws Exception {
        DefinitionsPoller poller = start();
        assertThat(poller.awaitFirstLoad(WAIT)).isTrue();
        Thread thread = poller.thread();
        assertThat(thread.getName()).startsWith("posthog-flags-poller-");
        assertThat(thread.isDaemon()).isTrue();
        assertThat(thread.isAlive()).isTrue();
        poller.close();
        assertThat(thread.isAlive()).isFalse();
        long attempts = poller.loadAttempts();
        clock.advance(INTERVAL.multipliedBy(10));
        poller.pollNow();
        assertThat(poller.loadAttempts()).isEqualTo(attempts);
    }

    @Test
    void closeDuringAStalledRequestStillEndsTheThread() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch arrived = new CountDownLatch(1);
        responder = r -> {
            arrived.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return status(500);
        };
        DefinitionsPoller poller = start();
        assertThat(arrived.await(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        poller.close();
        assertThat(poller.thread().isAlive()).isFalse();
        assertThat(poller.isLoaded()).isFalse();
        assertThat(poller.awaitFirstLoad(Duration.ZERO)).isFalse();
        release.countDown();
    }

    @Test
    void facadeEnrichesAndReportsReadiness() throws Exception {
        responder = r -> new MockResponse.Builder().code(200).body("{\"flags\":[{\"id\":3,\"key\":\"by-id\","
                + "\"active\":true,\"filters\":{\"groups\":[{\"properties\":[{\"key\":\"distinct_id\","
                + "\"value\":\"user-7\",\"type\":\"person\"}],\"rollout_percentage\":100}],"
                + "\"payloads\":{\"true\":\"{\\\"a\\\":1}\"}}}]}").build();
        LocalFlags flags = LocalFlags.start(config());
        toClose.add(flags);
        assertThat(flags.awaitReady(WAIT)).isTrue();
        assertThat(flags.isReady()).isTrue();
        assertThat(flags.definitionsCount()).isEqualTo(1);
        assertThat(flags.lastSuccessfulLoad()).isPresent();
        LocalResult r = flags.evaluate("by-id", FlagContext.of("user-7"));
        assertThat(r).isInstanceOf(LocalResult.Decided.class);
        assertThat(((LocalResult.Decided) r).payload()).isEqualTo("{\"a\":1}");
        assertThat(((LocalResult.Decided) flags.evaluate("by-id", FlagContext.of("user-8"))).value())
                .isEqualTo(false);
        LocalEvaluations all = flags.evaluateAll(FlagContext.of("user-7"));
        assertThat(all.values()).containsOnlyKeys("by-id");
        assertThat(all.inconclusiveKeys()).isEmpty();
    }
}
