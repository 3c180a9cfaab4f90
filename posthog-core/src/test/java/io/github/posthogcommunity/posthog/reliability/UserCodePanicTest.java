package io.github.posthogcommunity.posthog.reliability;

import io.github.posthogcommunity.posthog.AttemptReport;
import io.github.posthogcommunity.posthog.DeliveryListener;
import io.github.posthogcommunity.posthog.DropReason;
import io.github.posthogcommunity.posthog.DropReport;
import io.github.posthogcommunity.posthog.EventContext;
import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.PostHogStats;
import io.github.posthogcommunity.posthog.support.CaptureServer;
import io.github.posthogcommunity.posthog.support.Gate;
import io.github.posthogcommunity.posthog.support.LogCapture;
import io.github.posthogcommunity.posthog.support.TestClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

/**
 * User code that panics (throws anything, including errors) or blocks: before-send hooks, the ambient context
 * supplier and delivery listeners. The impact stays bounded, is counted and logged, and never reaches the caller of
 * {@code capture} nor stalls or kills a pipeline thread.
 */
class UserCodePanicTest {

    private final CaptureServer server = new CaptureServer();
    private final Gate gate = new Gate();
    private final LogCapture logs = new LogCapture();
    private PostHogClient client;

    @AfterEach
    void tearDown() {
        gate.open();
        if (client != null) {
            client.shutdown(Duration.ZERO);
        }
        logs.close();
        server.close();
    }

    /** What user code may throw besides runtime exceptions. */
    static Throwable panic(String kind) {
        return switch (kind) {
            case "assertion" -> new AssertionError("hook assertion");
            case "linkage" -> new NoClassDefFoundError("com/example/Missing");
            case "stackoverflow" -> new StackOverflowError();
            case "checked" -> new java.io.IOException("sneaky checked");
            default -> new IllegalStateException("hook bug");
        };
    }

    @SuppressWarnings("unchecked")
    static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }

    @ParameterizedTest
    @ValueSource(strings = {"runtime", "assertion", "linkage", "stackoverflow", "checked"})
    void aBeforeSendHookThatThrowsAnythingDropsTheEventAndNeverReachesTheCaller(String kind) {
        client = TestClients.builder(server)
                .beforeSend(e -> {
                    if (e.event().equals("boom")) {
                        throw sneaky(panic(kind));
                    }
                    return e;
                }).build();
        assertThatCode(() -> assertThat(client.capture("u", "boom")).isNull()).doesNotThrowAnyException();
        assertThat(client.capture("u", "fine")).isNotNull();
        client.flush();
        PostHogStats stats = client.stats();
        assertThat(stats.dropped(DropReason.BEFORE_SEND)).isEqualTo(1);
        assertThat(stats.sent()).isEqualTo(1);
        assertThat(logs.warningsContaining("before-send")).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"runtime", "assertion", "linkage"})
    void aContextSupplierThatThrowsAnythingNeverReachesTheCaller(String kind) {
        AtomicInteger calls = new AtomicInteger();
        Supplier<EventContext> broken = () -> {
            if (calls.incrementAndGet() == 1) {
                throw sneaky(panic(kind));
            }
            return new EventContext("ctx", null);
        };
        client = TestClients.builder(server).contextSupplier(broken).build();
        assertThatCode(() -> client.capture(null, "e")).doesNotThrowAnyException();
        assertThat(client.capture(null, "e")).isNotNull();
        client.flush();
        PostHogStats stats = client.stats();
        assertThat(stats.captured()).isEqualTo(2);
        assertThat(stats.captured()).isEqualTo(stats.sent() + stats.droppedTotal());
        assertThat(stats.sent()).isPositive();
    }

    @Test
    void aBlockingHookSlowsOnlyItsOwnCaller() throws Exception {
        client = TestClients.builder(server)
                .beforeSend(e -> {
                    if (e.event().equals("slow")) {
                        gate.hold();
                    }
                    return e;
                }).build();
        Thread blocked = new Thread(() -> client.capture("u", "slow"), "blocked-in-hook");
        blocked.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> blocked.getState() == Thread.State.WAITING
                || blocked.getState() == Thread.State.TIMED_WAITING);
        for (int i = 0; i < 20; i++) {
            client.capture("u", "fast");
        }
        assertThat(client.flush(Duration.ofSeconds(5)).sent()).isEqualTo(20);
        gate.open();
        blocked.join(5_000);
        assertThat(client.flush(Duration.ofSeconds(5)).sent()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"runtime", "assertion", "linkage", "checked"})
    void aListenerThatThrowsAnythingKeepsBeingCalledAndNeverStallsDelivery(String kind) {
        List<AttemptReport> seenByOther = new CopyOnWriteArrayList<>();
        AtomicInteger thrower = new AtomicInteger();
        client = TestClients.builder(server).flushAt(1)
                .deliveryListener(new DeliveryListener() {
                    @Override
                    public void onAttempt(AttemptReport report) {
                        thrower.incrementAndGet();
                        throw sneaky(panic(kind));
                    }

                    @Override
                    public void onDropped(DropReport report) {
                        throw sneaky(panic(kind));
                    }
                })
                .deliveryListener(new DeliveryListener() {
                    @Override
                    public void onAttempt(AttemptReport report) {
                        seenByOther.add(report);
                    }
                })
                .build();
        for (int i = 0; i < 10; i++) {
            client.capture("u", "e" + i);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> client.stats().sent() == 10);
        long requests = client.stats().requests();
        // the notifier survives: both listeners hear about every attempt
        await().atMost(Duration.ofSeconds(10)).until(() -> seenByOther.size() == requests && thrower.get() == requests);
        assertThat(logs.warningsContaining("delivery listener")).isEqualTo(1);
        assertThat(LeakTest.liveThreads("posthog-")).anyMatch(n -> n.endsWith("-notifier"));
    }

    @Test
    void aListenerThatBlocksForeverCannotHoldCloseBeyondItsDeadline() throws Exception {
        client = TestClients.builder(server).flushAt(1).shutdownTimeout(Duration.ofSeconds(1))
                .deliveryListener(new DeliveryListener() {
                    @Override
                    public void onAttempt(AttemptReport report) {
                        gate.hold(); // interruptible: the notifier is interrupted at stop
                    }
                }).build();
        for (int i = 0; i < 5_000; i++) { // more reports than the notifier's queue holds
            client.capture("u", "e" + i);
            if (i % 1_000 == 999) {
                client.flush();
            }
        }
        client.flush();
        assertThat(client.stats().sent()).isEqualTo(5_000);
        long start = System.nanoTime();
        CompletableFuture<Void> close = CompletableFuture.runAsync(client::close);
        close.get(10, TimeUnit.SECONDS);
        // the promised bound: the shutdown timeout (1 s) plus the 2 s close grace
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3_000);
        assertThat(client.stats().pending()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> LeakTest.liveThreads("posthog-").stream()
                .noneMatch(n -> n.endsWith("-notifier")));
        assertThat(logs.warningsContaining("did not finish in time")).isEqualTo(1);
    }

    @Test
    void aHookThatCapturesFromInsideItselfDoesNotDeadlockOrRecurseForever() {
        AtomicInteger depth = new AtomicInteger();
        PostHogClient[] self = new PostHogClient[1];
        client = TestClients.builder(server)
                .beforeSend(e -> {
                    if (depth.incrementAndGet() < 50) {
                        self[0].capture("u", "nested"); // re-entrant capture from user code
                    }
                    return e;
                }).build();
        self[0] = client;
        UUID uuid = client.capture("u", "outer");
        assertThat(uuid).isNotNull();
        client.flush();
        PostHogStats stats = client.stats();
        assertThat(stats.captured()).isEqualTo(50);
        assertThat(stats.sent()).isEqualTo(50);
    }

    @Test
    void aListenerThatFlushesAndClosesTheClientFromTheNotifierThreadDoesNotDeadlock() throws Exception {
        CompletableFuture<Void> closedFromListener = new CompletableFuture<>();
        PostHogClient[] self = new PostHogClient[1];
        client = TestClients.builder(server).flushAt(1).shutdownTimeout(Duration.ofSeconds(2))
                .deliveryListener(new DeliveryListener() {
                    @Override
                    public void onAttempt(AttemptReport report) {
                        if (!closedFromListener.isDone()) {
                            self[0].capture("u", "from-listener");
                            self[0].flush(Duration.ofSeconds(5));
                            self[0].close();
                            closedFromListener.complete(null);
                        }
                    }
                }).build();
        self[0] = client;
        client.capture("u", "e");
        closedFromListener.get(15, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            PostHogStats stats = client.stats();
            assertThat(stats.pending()).isZero();
            assertThat(stats.captured()).isEqualTo(stats.sent() + stats.droppedTotal());
            assertThat(LeakTest.liveThreads("posthog-")).isEmpty();
        });
        assertThat(client.stats().sent()).isEqualTo(2);
    }
}
