package io.github.posthogcommunity.posthog.http;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JdkHttpTransportTest {

    private final MockWebServer server = new MockWebServer();
    private final JdkHttpTransport transport = new JdkHttpTransport(Duration.ofSeconds(5));
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void tearDown() {
        release.countDown();
        transport.close();
        server.close();
    }

    private TransportRequest post(Duration timeout) throws IOException {
        if (!server.getStarted()) {
            server.start();
        }
        return new TransportRequest("POST", URI.create(server.url("/batch/").toString()),
                Map.of("Content-Type", "application/json"), "{}".getBytes(), timeout);
    }

    @Test
    void worksWhileTheApplicationSaturatesTheCommonPool() throws Exception {
        int workers = ForkJoinPool.commonPool().getParallelism();
        CountDownLatch blocked = new CountDownLatch(workers);
        for (int i = 0; i < workers + 2; i++) {
            ForkJoinPool.commonPool().execute(() -> {
                blocked.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse.Builder().code(200).body("{\"status\":1}").build());
        }
        for (int i = 0; i < 3; i++) {
            assertThat(transport.send(post(Duration.ofSeconds(10))).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aDrippingBodyIsBoundedByTheRequestTimeout() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body("x".repeat(10_000))
                .throttleBody(10, 100, TimeUnit.MILLISECONDS).build());
        long start = System.nanoTime();
        assertThatThrownBy(() -> transport.send(post(Duration.ofMillis(800))))
                .isInstanceOf(HttpTimeoutException.class);
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(tookMillis).isBetween(700L, 3_000L);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void aTimelyResponseLeavesNoInterruptBehind() throws Exception {
        server.enqueue(new MockResponse.Builder().code(204).build());
        assertThat(transport.send(post(Duration.ofSeconds(5))).statusCode()).isEqualTo(204);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
}
