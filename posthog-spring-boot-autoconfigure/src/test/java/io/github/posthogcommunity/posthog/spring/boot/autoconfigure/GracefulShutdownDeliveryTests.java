package io.github.posthogcommunity.posthog.spring.boot.autoconfigure;

import io.github.posthogcommunity.posthog.DropReason;
import io.github.posthogcommunity.posthog.PostHogClient;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shutdown order end to end: an event captured by a request still in flight when the context starts closing
 * (after the web server's graceful shutdown already refuses new connections) is delivered by the PostHog drain.
 */
class GracefulShutdownDeliveryTests {

    @RegisterExtension
    final PostHogTestServer posthog = new PostHogTestServer();

    @Test
    void anEventCapturedByAnInFlightRequestDuringShutdownIsDelivered() throws Exception {
        ConfigurableApplicationContext context = WebTestApplication.start("server.shutdown=graceful",
                "spring.lifecycle.timeout-per-shutdown-phase=60s", "posthog.api-key=phc_ShutdownTestKey0123456789",
                "posthog.host=" + posthog.host(), "posthog.compression=none", "posthog.flush-at=1000",
                "posthog.flush-interval=1h", "posthog.shutdown-timeout=30s");
        WebTestApplication.Gate gate = context.getBean(WebTestApplication.Gate.class);
        PostHogClient client = context.getBean(PostHogClient.class);
        int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));

        CompletableFuture<HttpResponse<String>> inFlight =
                WebTestApplication.send(WebTestApplication.request(context, "/slow-checkout"));
        assertThat(gate.entered.await(60, TimeUnit.SECONDS)).isTrue();

        // A dedicated thread, as Spring's SIGTERM shutdown hook is: on JDK 25 the JDK HTTP client stalls while the
        // common pool is saturated, and closing on a common-pool thread would saturate it on a two-core machine.
        CompletableFuture<Void> closed = CompletableFuture.runAsync(context::close,
                task -> new Thread(task, "test-context-close").start());
        assertThat(gate.closing.await(60, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> refusesConnections(port));
        assertThat(posthog.bodies()).isEmpty();

        gate.release.countDown();
        assertThat(inFlight.get(60, TimeUnit.SECONDS).body()).isEqualTo("done");
        closed.get(60, TimeUnit.SECONDS);

        assertThat(posthog.eventNames()).containsExactly("checkout completed");
        assertThat(client.stats().dropped(DropReason.SHUTDOWN)).isZero();
        assertThat(client.stats().pending()).isZero();
    }

    private static boolean refusesConnections(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 1000);
            return false;
        } catch (IOException refused) {
            return true;
        }
    }
}
