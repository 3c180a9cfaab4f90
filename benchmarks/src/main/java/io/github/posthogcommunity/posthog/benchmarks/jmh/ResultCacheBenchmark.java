package io.github.posthogcommunity.posthog.benchmarks.jmh;

import com.sun.net.httpserver.HttpServer;
import io.github.posthogcommunity.posthog.PostHogClient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The remote-result cache (no personal key): the cost of a flag read answered by the cache ({@code hit}) against
 * the same read as one {@code /flags} request to a loopback server ({@code loopbackRequest}, the floor of an
 * uncached read). Sample-time mode gives p50/p99. {@code $feature_flag_called} is off (this measures the read).
 * The setup checks that the hit benchmark makes no request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ResultCacheBenchmark {

    private static final byte[] ANSWER = """
            {"flags": {"beta": {"key": "beta", "enabled": true, "variant": null,
                                "metadata": {"id": 9, "version": 2, "payload": null}}},
             "requestId": "req-1"}""".getBytes(StandardCharsets.UTF_8);

    private HttpServer server;
    private final AtomicLong requests = new AtomicLong();
    private PostHogClient cached;
    private PostHogClient uncached;

    @Setup
    public void setUp() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            if (exchange.getRequestURI().getPath().startsWith("/flags")) {
                requests.incrementAndGet();
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, ANSWER.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(ANSWER);
            }
        });
        server.start();
        String host = "http://127.0.0.1:" + server.getAddress().getPort();
        cached = PostHogClient.builder("phc_bench").host(host).sendFeatureFlagEvents(false)
                .featureFlagsResultCache(10_000, Duration.ofHours(1)).build();
        uncached = PostHogClient.builder("phc_bench").host(host).sendFeatureFlagEvents(false).build();
        if (!cached.isFeatureEnabled("beta", "user-1")) {
            throw new IllegalStateException("the loopback answer did not reach the client");
        }
        long before = requests.get();
        for (int i = 0; i < 1000; i++) {
            cached.isFeatureEnabled("beta", "user-1");
        }
        if (requests.get() != before) {
            throw new IllegalStateException("a cache hit made a request");
        }
    }

    @TearDown
    public void tearDown() {
        cached.close();
        uncached.close();
        server.stop(0);
    }

    @Benchmark
    public boolean hit() {
        return cached.isFeatureEnabled("beta", "user-1");
    }

    @Benchmark
    public boolean loopbackRequest() {
        return uncached.isFeatureEnabled("beta", "user-1");
    }
}
