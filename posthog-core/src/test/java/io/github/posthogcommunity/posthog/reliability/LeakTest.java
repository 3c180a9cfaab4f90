package io.github.posthogcommunity.posthog.reliability;

import io.github.posthogcommunity.posthog.DeliveryListener;
import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.PostHogStats;
import io.github.posthogcommunity.posthog.support.CaptureServer;
import io.github.posthogcommunity.posthog.support.TestClients;
import io.github.posthogcommunity.posthog.support.TrackingServerSockets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** After close: no SDK thread alive, no connection left open; a thousand clients leave nothing behind. */
class LeakTest {

    private final TrackingServerSockets sockets = new TrackingServerSockets();
    private final CaptureServer server = new CaptureServer(sockets);

    @AfterEach
    void tearDown() {
        server.close();
    }

    static Set<String> liveThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .map(Thread::getName).filter(n -> n.startsWith(prefix)).collect(Collectors.toSet());
    }

    /**
     * Before JDK 21 {@code HttpClient} cannot be shut down: its pooled connections and selector thread end when it
     * is collected. The transport drops it on close, so a collection (asked for here) must end them even while the
     * application still holds the closed client.
     */
    private static void collectIfBeforeJdk21() {
        if (Runtime.version().feature() < 21) {
            System.gc();
        }
    }

    private static Map<String, Long> threadHistogram() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .collect(Collectors.groupingBy(t -> t.getName().replaceAll("[0-9]+", "N"), Collectors.counting()));
    }

    /** Live threads, leaving out the test server's own (its idle task runners linger for a minute). */
    private static int liveThreadCount() {
        return (int) Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(t -> !t.getName().startsWith("MockWebServer")).count();
    }

    @Test
    void afterCloseNoSdkThreadIsAliveAndNoConnectionStaysOpen() {
        Set<String> before = liveThreads("posthog-");
        PostHogClient client = TestClients.builder(server).flushAt(5).senderThreads(3)
                .deliveryListener(new DeliveryListener() { })
                .build();
        for (int i = 0; i < 50; i++) {
            client.capture("u", "e" + i);
            client.captureAi("u", "$ai_generation", Map.of("i", i));
        }
        client.flush();
        assertThat(sockets.accepted()).isPositive();
        Set<String> during = liveThreads("posthog-");
        during.removeAll(before);
        assertThat(during).anyMatch(n -> n.endsWith("-dispatcher")).anyMatch(n -> n.contains("-sender-"))
                .anyMatch(n -> n.endsWith("-notifier")).anyMatch(n -> n.contains("-ai-"))
                .anyMatch(n -> n.startsWith("posthog-http-"));

        client.close();
        PostHogStats stats = client.stats();
        assertThat(stats.sent()).isEqualTo(100);
        Set<String> after = liveThreads("posthog-");
        after.removeAll(before);
        assertThat(after).as("SDK threads alive right after close()").isEmpty();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            collectIfBeforeJdk21();
            assertThat(sockets.open()).as("connections still open after close() (of %d accepted)",
                        sockets.accepted()).isZero();
        });
        assertThat(client.stats().pending()).isZero(); // the application still holds the closed client
    }

    @Test
    void aThousandClientsCreatedAndClosedLeaveNoThreadsOrConnectionsBehind() {
        int baseline = liveThreadCount();
        Set<String> sdkBefore = liveThreads("posthog-");
        long start = System.nanoTime();
        java.util.List<PostHogClient> closed = new java.util.ArrayList<>(); // held, as an application might
        for (int i = 0; i < 1_000; i++) {
            PostHogClient client = TestClients.builder(server).build();
            client.capture("u", "e" + i);
            if (i % 10 == 0) {
                client.flush(); // every tenth client opens a connection
            }
            client.shutdown(Duration.ofSeconds(5));
            closed.add(client);
        }
        System.out.printf("1000 clients created and closed in %d ms%n", (System.nanoTime() - start) / 1_000_000);
        Set<String> sdkAfter = liveThreads("posthog-");
        sdkAfter.removeAll(sdkBefore);
        assertThat(sdkAfter).as("SDK threads left").isEmpty();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            collectIfBeforeJdk21();
            assertThat(sockets.open()).as("open connections").isZero();
            // the JDK HttpClient's own selector threads (not named posthog-) must also end
            assertThat(liveThreadCount()).as("live threads vs %d before: %s", baseline, threadHistogram()).isLessThanOrEqualTo(baseline + 5);
        });
        assertThat(server.requestCount()).isEqualTo(100 + 900); // the other 900 were sent by close()
        assertThat(closed).allSatisfy(c -> assertThat(c.stats().pending()).isZero());
    }
}
