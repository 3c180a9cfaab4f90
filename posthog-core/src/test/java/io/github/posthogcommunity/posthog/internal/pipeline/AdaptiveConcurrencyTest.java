package io.github.posthogcommunity.posthog.internal.pipeline;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.PostHogClientBuilder;
import io.github.posthogcommunity.posthog.http.JdkHttpTransport;
import io.github.posthogcommunity.posthog.http.TransportRequest;
import io.github.posthogcommunity.posthog.http.TransportResponse;
import io.github.posthogcommunity.posthog.internal.ClientConfig;
import io.github.posthogcommunity.posthog.internal.event.EventRecord;
import io.github.posthogcommunity.posthog.internal.wire.AttemptResult;
import io.github.posthogcommunity.posthog.internal.wire.CaptureV0Protocol;
import io.github.posthogcommunity.posthog.internal.wire.WireProtocol;
import io.github.posthogcommunity.posthog.support.CaptureServer;
import io.github.posthogcommunity.posthog.support.ManualClock;
import io.github.posthogcommunity.posthog.support.TestClients;
import mockwebserver3.MockResponse;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Adaptive sender concurrency against a real local server whose answers the test releases one by one: the limit
 * grows while batches wait and requests succeed, halves once per burst of failures, stays within its bounds, and
 * the threads it started retire when idle and end with the client.
 */
class AdaptiveConcurrencyTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final CaptureServer server = new CaptureServer();
    private final JdkHttpTransport transport = new JdkHttpTransport();
    /** Requests the server holds, each waiting for the test to choose its answer. */
    private final BlockingQueue<Held> held = new LinkedBlockingQueue<>();
    private final AtomicInteger concurrent = new AtomicInteger();
    private final AtomicInteger mostConcurrent = new AtomicInteger();
    private Pipeline pipeline;

    /** One request waiting in the server for its answer. */
    private static final class Held {
        private final CountDownLatch answered = new CountDownLatch(1);
        private volatile MockResponse response;

        void answer(MockResponse value) {
            response = value;
            answered.countDown();
        }
    }

    AdaptiveConcurrencyTest() {
        server.recording(false);
        server.respond(request -> {
            int now = concurrent.incrementAndGet();
            mostConcurrent.accumulateAndGet(now, Math::max);
            Held request1 = new Held();
            held.add(request1);
            try {
                if (!request1.answered.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    return CaptureServer.status(500);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CaptureServer.status(500);
            } finally {
                concurrent.decrementAndGet();
            }
            return request1.response;
        });
    }

    @AfterEach
    void tearDown() {
        if (pipeline != null) {
            pipeline.shutdown(Duration.ZERO);
        }
        Held request;
        while ((request = held.poll()) != null) {
            request.answer(CaptureServer.ok());
        }
        transport.close();
        server.close();
    }

    /** A pipeline of batches of 10 (retries wait on a clock that does not move), with {@code events} queued. */
    private void start(UnaryOperator<PostHogClientBuilder> options, int events) throws ReflectiveOperationException {
        start(options, events, null);
    }

    /**
     * As {@link #start(UnaryOperator, int)}; with {@code buildTime}, building each request takes that long on the
     * pipeline's clock, while exchanges with the server take none (the clock only moves while a request is built).
     */
    private void start(UnaryOperator<PostHogClientBuilder> options, int events, Duration buildTime)
            throws ReflectiveOperationException {
        ManualClock clock = new ManualClock();
        PostHogClient disabled = options.apply(TestClients.builder(server).enabled(false).clock(clock)
                .flushAt(10).maxBatchSize(10).maxQueueSize(20_000)).build();
        Field field = PostHogClient.class.getDeclaredField("config");
        field.setAccessible(true);
        ClientConfig config = (ClientConfig) field.get(disabled);
        WireProtocol protocol = new CaptureV0Protocol(config.host(), "/batch/", config.projectApiKey(), false,
                config.compression(), config.headers(), config.clock());
        if (buildTime != null) {
            protocol = new SlowToBuild(protocol, clock, buildTime);
        }
        pipeline = Pipeline.start(config, transport, protocol, "");
        enqueue(events);
    }

    private void enqueue(int events) {
        for (int i = 0; i < events; i++) {
            assertThat(pipeline.enqueue(new EventRecord("e" + i, "u", UUID.randomUUID(), Instant.now(),
                    new HashMap<>(), System.nanoTime()))).isTrue();
        }
    }

    /** Waits until exactly {@code count} requests are held and the stats agree, then answers them all. */
    private void answerRound(int count, MockResponse response) {
        awaitHeld(count);
        for (int i = 0; i < count; i++) {
            held.remove().answer(response);
        }
    }

    private void awaitHeld(int count) {
        try {
            await().atMost(WAIT).until(() -> held.size() >= count && pipeline.stats().sendersInFlight() == count);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("expected " + count + " requests held and in flight; held " + held.size()
                    + ", at the server " + concurrent.get() + ", " + pipeline.stats() + "\n" + threadDump(), e);
        }
        assertThat(held).hasSize(count);
        assertThat(pipeline.stats().senderLimit()).isEqualTo(count);
    }

    /** The stacks of every thread, to show where a stalled round stands. */
    private static String threadDump() {
        StringBuilder dump = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            dump.append('"').append(thread.getName()).append("\" ").append(thread.getState()).append('\n');
            for (StackTraceElement frame : stack) {
                dump.append("    at ").append(frame).append('\n');
            }
        });
        return dump.toString();
    }

    @Test
    void growsUnderBacklogUpToTheMaximumAndNoFurther() throws Exception {
        start(b -> b.senderThreads(4).maxSenderThreads(20), 1_000);
        answerRound(4, CaptureServer.ok());   // slow start: each success under backlog adds one
        answerRound(8, CaptureServer.ok());
        answerRound(16, CaptureServer.ok());
        answerRound(20, CaptureServer.ok());  // capped
        awaitHeld(20);
        assertThat(mostConcurrent.get()).isEqualTo(20);
        assertThat(pipeline.senderThreadsAlive()).isLessThanOrEqualTo(20);
    }

    @Test
    void eventsThatArriveWhileEverySenderIsBusyCountAsBacklog() throws Exception {
        start(b -> b.senderThreads(1).maxSenderThreads(4), 10); // one batch, nothing held back yet
        awaitHeld(1);
        // the dispatcher cannot hand out anything now, so it does not wake for these: they wait in the queue
        enqueue(100);
        answerRound(1, CaptureServer.ok()); // the success ran while a backlog waited: slow start doubles the limit
        awaitHeld(2);
    }

    @Test
    void sendersBoundByBuildingRequestsDoNotGrow() throws Exception {
        // one sender at a time, so that no build overlaps an exchange: each attempt took 50 ms to build and no time
        // waiting on the server, as when compressing bodies is the work (a fast local server)
        start(b -> b.senderThreads(1).maxSenderThreads(8), 1_000, Duration.ofMillis(50));
        for (int round = 0; round < 10; round++) {
            answerRound(1, CaptureServer.ok()); // a backlog, successes, and still one at a time
        }
        awaitHeld(1);
        assertThat(mostConcurrent.get()).isEqualTo(1);
    }

    @Test
    void aBurstOfFailuresHalvesTheLimitOnce() throws Exception {
        start(b -> b.senderThreads(4).maxSenderThreads(16), 1_000);
        answerRound(4, CaptureServer.ok());
        answerRound(8, CaptureServer.ok());
        answerRound(16, CaptureServer.status(503)); // sixteen failures of one episode
        await().atMost(WAIT).until(() -> pipeline.stats().requests() == 28);
        awaitHeld(8);
        // the first request after the halving fails too: a new episode, halved again, down to the floor
        held.remove().answer(CaptureServer.status(500));
        await().atMost(WAIT).until(() -> pipeline.stats().requests() == 29);
        assertThat(pipeline.stats().senderLimit()).isEqualTo(4);
        for (int i = 0; i < 7; i++) {
            held.remove().answer(CaptureServer.status(502));
        }
        await().atMost(WAIT).until(() -> pipeline.stats().requests() == 36);
        assertThat(pipeline.stats().senderLimit()).isEqualTo(4); // never below senderThreads
        awaitHeld(4);
    }

    @Test
    void aRetryAfterHalvesAtOnce() throws Exception {
        start(b -> b.senderThreads(4).maxSenderThreads(16), 1_000);
        answerRound(4, CaptureServer.ok());
        answerRound(8, CaptureServer.ok());
        awaitHeld(16);
        held.remove().answer(CaptureServer.status(429, "1"));
        await().atMost(WAIT).until(() -> pipeline.stats().requests() == 13);
        assertThat(pipeline.stats().senderLimit()).isEqualTo(8);
        // the fifteen running ones go on; none starts until fewer than eight run
        await().atMost(WAIT).until(() -> pipeline.stats().sendersInFlight() == 15);
        assertThat(held).hasSize(15);
        for (int i = 0; i < 7; i++) {
            held.remove().answer(CaptureServer.ok());
        }
        await().atMost(WAIT).until(() -> pipeline.stats().requests() == 20);
        assertThat(held).hasSize(8);
        assertThat(pipeline.stats().senderLimit()).isEqualTo(8);
    }

    /** Building a request takes {@code time} on the pipeline's clock. */
    private static final class SlowToBuild implements WireProtocol {
        private final WireProtocol delegate;
        private final ManualClock clock;
        private final Duration time;

        SlowToBuild(WireProtocol delegate, ManualClock clock, Duration time) {
            this.delegate = delegate;
            this.clock = clock;
            this.time = time;
        }

        @Override
        public String path() {
            return delegate.path();
        }

        @Override
        public byte[] encode(EventRecord event) {
            return delegate.encode(event);
        }

        @Override
        public TransportRequest request(List<EventRecord> events, int attempt, UUID requestId, Instant createdAt,
                                        Duration timeout) {
            TransportRequest request = delegate.request(events, attempt, requestId, createdAt, timeout);
            clock.advance(time);
            return request;
        }

        @Override
        public AttemptResult interpret(TransportResponse response, List<EventRecord> events) {
            return delegate.interpret(response, events);
        }
    }

    @Test
    void idleSendersRetireAndNoneOutlivesShutdown() throws Exception {
        start(b -> b.senderThreads(2).maxSenderThreads(8), 200);
        pipeline.senderKeepAlive(Duration.ofMillis(50));
        answerRound(2, CaptureServer.ok());
        answerRound(4, CaptureServer.ok());
        answerRound(8, CaptureServer.ok());
        for (int request = 14; request < 20; request++) { // 200 events in batches of 10
            Held next = held.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(next).isNotNull();
            next.answer(CaptureServer.ok());
        }
        await().atMost(WAIT).until(() -> pipeline.stats().sent() == 200);
        assertThat(pipeline.stats().senderLimit()).isEqualTo(8); // an idle client keeps its limit
        await().atMost(WAIT).until(() -> pipeline.senderThreadsAlive() == 0);
        assertThat(pipeline.stats().sendersInFlight()).isZero();

        // threads start again on demand, and none survives the shutdown
        pipeline.enqueue(new EventRecord("late", "u", UUID.randomUUID(), Instant.now(), new HashMap<>(),
                System.nanoTime()));
        var flush = pipeline.flushAsync();
        held.poll(WAIT.toSeconds(), TimeUnit.SECONDS).answer(CaptureServer.ok());
        assertThat(flush.get(WAIT.toSeconds(), TimeUnit.SECONDS).sent()).isEqualTo(1);
        String prefix = pipeline.dispatcherThread.getName().replace("-dispatcher", "-sender-");
        assertThat(Thread.getAllStackTraces().keySet()).anyMatch(t -> t.getName().startsWith(prefix));
        assertThat(pipeline.shutdown(Duration.ofSeconds(5)).withinDeadline()).isTrue();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith(prefix) && t.isAlive());
        pipeline = null;
    }
}
