package io.github.posthogcommunity.posthog.internal.pipeline;

import io.github.posthogcommunity.posthog.DropReason;
import io.github.posthogcommunity.posthog.FlushResult;
import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.PostHogStats;
import io.github.posthogcommunity.posthog.ShutdownResult;
import io.github.posthogcommunity.posthog.http.JdkHttpTransport;
import io.github.posthogcommunity.posthog.http.TransportRequest;
import io.github.posthogcommunity.posthog.http.TransportResponse;
import io.github.posthogcommunity.posthog.internal.ClientConfig;
import io.github.posthogcommunity.posthog.internal.event.EventRecord;
import io.github.posthogcommunity.posthog.internal.wire.AttemptResult;
import io.github.posthogcommunity.posthog.internal.wire.CaptureV0Protocol;
import io.github.posthogcommunity.posthog.internal.wire.WireProtocol;
import io.github.posthogcommunity.posthog.support.CaptureServer;
import io.github.posthogcommunity.posthog.support.TestClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Failure paths inside the dispatcher that the public API cannot stage deterministically. */
class DispatcherFailureTest {

    private final CaptureServer server = new CaptureServer();
    private final JdkHttpTransport transport = new JdkHttpTransport();
    private Pipeline pipeline;

    @AfterEach
    void tearDown() {
        if (pipeline != null) {
            pipeline.shutdown(Duration.ZERO);
        }
        transport.close();
        server.close();
    }

    private ClientConfig config() throws ReflectiveOperationException {
        PostHogClient client = TestClients.builder(server).enabled(false).build();
        Field field = PostHogClient.class.getDeclaredField("config");
        field.setAccessible(true);
        return (ClientConfig) field.get(client);
    }

    private static EventRecord event(String name) {
        return new EventRecord(name, "u", UUID.randomUUID(), Instant.now(), new HashMap<>(), System.nanoTime());
    }

    /** {@code real}, except that {@code beforeEncode} sees every event first (and may throw or block). */
    private static WireProtocol encodingHook(WireProtocol real, java.util.function.Consumer<EventRecord> beforeEncode) {
        return new WireProtocol() {
            @Override
            public String path() {
                return real.path();
            }

            @Override
            public byte[] encode(EventRecord event) {
                beforeEncode.accept(event);
                return real.encode(event);
            }

            @Override
            public TransportRequest request(List<EventRecord> events, int attempt, UUID requestId, Instant createdAt,
                                            Duration timeout) {
                return real.request(events, attempt, requestId, createdAt, timeout);
            }

            @Override
            public AttemptResult interpret(TransportResponse response, List<EventRecord> events) {
                return real.interpret(response, events);
            }
        };
    }

    /** {@code real}, except that encoding the event named {@code poison} runs out of memory. */
    private static WireProtocol failingOn(String poison, WireProtocol real) {
        return encodingHook(real, event -> {
            if (event.event().equals(poison)) {
                throw new OutOfMemoryError("Java heap space");
            }
        });
    }

    private WireProtocol v0(ClientConfig config) {
        return new CaptureV0Protocol(config.host(), "/batch/", config.projectApiKey(), false, config.compression(),
                config.headers(), config.clock());
    }

    @Test
    void anErrorWhileEncodingDropsThatEventAloneAndShutdownCompletes() throws Exception {
        ClientConfig config = config();
        pipeline = Pipeline.start(config, transport, failingOn("boom", v0(config)), "");
        pipeline.enqueue(event("ok1"));
        pipeline.enqueue(event("boom"));
        pipeline.enqueue(event("ok2"));
        ShutdownResult result = pipeline.shutdown(Duration.ofSeconds(2));
        PostHogStats stats = pipeline.stats();
        assertThat(stats.pending()).isZero();
        assertThat(stats.dropped(DropReason.TOO_LARGE)).isEqualTo(1);
        assertThat(stats.sent()).isEqualTo(2);
        assertThat(result.withinDeadline()).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> !pipeline.dispatcherThread.isAlive());
    }

    /**
     * The dispatcher is held inside the encoding of the first event while the others are captured and the flush is
     * posted: the flush covers all four, and the two dropped while encoding count in its result.
     */
    @Test
    void aFlushCountsTheEventsItCoveredThatEncodingDropped() throws Exception {
        ClientConfig config = config();
        java.util.concurrent.CountDownLatch encoding = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        WireProtocol real = failingOn("big", v0(config));
        WireProtocol held = encodingHook(real, event -> {
            if (event.event().equals("ok1")) {
                encoding.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        pipeline = Pipeline.start(config, transport, held, "");
        pipeline.enqueue(event("ok1"));
        assertThat(encoding.await(10, TimeUnit.SECONDS)).isTrue();
        pipeline.enqueue(event("big"));
        pipeline.enqueue(event("ok2"));
        pipeline.enqueue(event("big"));
        CompletableFuture<FlushResult> flush = pipeline.flushAsync();
        release.countDown();

        assertThat(flush.get(30, TimeUnit.SECONDS)).isEqualTo(new FlushResult(true, 4, 2, 2, 0));
    }

    @Test
    void aFlushPostedWhileTheDispatcherFinishesStillCompletes() throws Exception {
        ClientConfig config = config();
        pipeline = Pipeline.start(config, transport, v0(config), "");
        AtomicReference<CompletableFuture<FlushResult>> racing = new AtomicReference<>();
        Pipeline lane = pipeline;
        // The loop has decided to exit; a producer holds a permit at this moment, so the flush is posted.
        lane.beforeFinish = () -> {
            lane.permits.acquireUninterruptibly();
            racing.set(lane.flushAsync());
            lane.permits.release();
        };
        pipeline.shutdown(Duration.ofSeconds(5));
        assertThat(racing.get()).isNotNull();
        assertThat(racing.get().get(10, TimeUnit.SECONDS).completed()).isTrue();
    }

    @Test
    void theDispatcherDoesNotSpinWhileAProducerHasClaimedButNotPublished() throws Exception {
        ClientConfig config = config();
        pipeline = Pipeline.start(config, transport, v0(config), "");
        Field tail = EventRing.class.getDeclaredField("tail");
        tail.setAccessible(true);
        ((AtomicLong) tail.get(pipeline.ring)).getAndIncrement(); // a producer descheduled after its claim
        pipeline.dispatcher.wake();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long id = pipeline.dispatcherThread.getId();
        long cpuBefore = threads.getThreadCpuTime(id);
        long turnsBefore = pipeline.dispatcher.turns();
        long wallBefore = System.nanoTime();
        Thread.sleep(500); // a measurement window, not a wait for a condition
        long turns = pipeline.dispatcher.turns() - turnsBefore;
        long cpu = threads.getThreadCpuTime(id) - cpuBefore;
        long wall = System.nanoTime() - wallBefore;
        System.out.println("dispatcher while a producer sits between claim and publish: " + turns + " loop turns, "
                + cpu / 1_000_000 + " ms CPU in " + wall / 1_000_000 + " ms");
        // spinning makes hundreds of thousands of turns even on a loaded machine; parking (at most 1 ms) about 500
        assertThat(turns).isLessThan(64 + 2 * wall / 1_000_000 + 1_000);
    }
}
