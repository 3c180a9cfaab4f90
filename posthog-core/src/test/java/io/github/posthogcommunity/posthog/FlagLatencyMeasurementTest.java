package io.github.posthogcommunity.posthog;

import io.github.posthogcommunity.posthog.http.JdkHttpTransport;
import io.github.posthogcommunity.posthog.http.TransportRequest;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures (does not assert) the latency of a remote flag read against a local server, next to a bare HTTP
 * exchange of the same size on the same transport, so the difference is the SDK's own overhead. The server is the
 * JDK's own {@code com.sun.net.httpserver}: mockwebserver3 writes in a way that meets delayed ACKs (about 40 ms a
 * request), which would measure the test server, not the client; the JDK server too unless
 * {@code sun.net.httpserver.nodelay} is set. Opt-in:
 * {@code ./mvnw -q -B -ntp -pl posthog-core test -Dtest=FlagLatencyMeasurementTest -Dposthog.flags.latency=true};
 * the numbers are in {@code target/surefire-reports/*FlagLatencyMeasurementTest-output.txt}.
 */
@EnabledIfSystemProperty(named = "posthog.flags.latency", matches = "true")
class FlagLatencyMeasurementTest {

    static final int WARMUP = 1_000;
    static final int CALLS = 2_000;

    @Test
    void measure() throws Exception {
        byte[] response = RemoteFeatureFlagsTest.V2.getBytes(StandardCharsets.UTF_8);
        // Without TCP_NODELAY the server's header and body writes meet the client's delayed ACK (~40 ms).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService executor = Executors.newFixedThreadPool(2);
        server.setExecutor(executor);
        server.createContext("/flags/", exchange -> {
            try (InputStream in = exchange.getRequestBody(); OutputStream out = exchange.getResponseBody()) {
                in.readAllBytes();
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, response.length);
                out.write(response);
            }
        });
        server.createContext("/batch/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
                exchange.sendResponseHeaders(200, -1);
            }
        });
        server.start();
        String host = "http://127.0.0.1:" + server.getAddress().getPort();
        try {
            measure(host, response);
        } finally {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private void measure(String host, byte[] response) throws Exception {
        URI uri = URI.create(host + "/flags/?v=2");
        byte[] body = ("{\"token\":\"phc_x\",\"distinct_id\":\"user-1\",\"groups\":{},\"person_properties\":{},"
                + "\"group_properties\":{},\"geoip_disable\":false,\"flag_keys_to_evaluate\":[\"beta\"]}")
                .getBytes(StandardCharsets.UTF_8);
        try (JdkHttpTransport transport = new JdkHttpTransport()) {
            TransportRequest raw = new TransportRequest("POST", uri, Map.of("Content-Type", "application/json"), body,
                    Duration.ofSeconds(3));
            try (PostHogClient client = PostHogClient.builder("phc_x").host(host)
                    .httpTransport(transport).build()) {
                // Interleaved, so both series see the same machine load.
                long[][] series = time(() -> assertThat(transport.send(raw).body()).hasSize(response.length),
                        () -> assertThat(client.isFeatureEnabled("beta", "user-1")).isTrue());
                long[] bare = series[0];
                long[] sdk = series[1];
                System.out.println(report("bare HTTP exchange", bare));
                System.out.println(report("client.isFeatureEnabled", sdk));
                System.out.printf("overhead p50 %.1f us, p99 %.1f us%n", (pct(sdk, 50) - pct(bare, 50)) / 1e3,
                        (pct(sdk, 99) - pct(bare, 99)) / 1e3);
            }
        }
    }

    interface Call {
        void run() throws Exception;
    }

    private static long[][] time(Call a, Call b) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            a.run();
            b.run();
        }
        long[][] nanos = new long[2][CALLS];
        for (int i = 0; i < CALLS; i++) {
            long start = System.nanoTime();
            a.run();
            long middle = System.nanoTime();
            b.run();
            nanos[0][i] = middle - start;
            nanos[1][i] = System.nanoTime() - middle;
        }
        Arrays.sort(nanos[0]);
        Arrays.sort(nanos[1]);
        return nanos;
    }

    private static long pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static String report(String what, long[] sorted) {
        return String.format("%-24s n=%d p50 %.1f us, p90 %.1f us, p99 %.1f us, max %.1f us", what, sorted.length,
                pct(sorted, 50) / 1e3, pct(sorted, 90) / 1e3, pct(sorted, 99) / 1e3, sorted[sorted.length - 1] / 1e3);
    }
}
