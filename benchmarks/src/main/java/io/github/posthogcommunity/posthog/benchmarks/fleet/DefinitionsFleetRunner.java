package io.github.posthogcommunity.posthog.benchmarks.fleet;

import com.sun.net.httpserver.HttpServer;
import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.PostHogClientBuilder;
import io.github.posthogcommunity.posthog.flags.redis.RedisFlagDefinitionsCache;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Definitions requests per minute for a fleet of 1, 3 and 10 clients polling the flag definitions, each fetching by
 * itself versus sharing one Redis ({@code posthog-flags-redis}). A loopback HTTP sink counts
 * {@code /flags/definitions} requests; a local {@code redis-server} (from the PATH, started on a free port without
 * persistence) is the shared store. Every case runs for {@code --seconds} (default 30) with a poll interval of
 * {@code --interval-ms} (default 1000) after all clients loaded, and reports the count scaled to one minute and to
 * PostHog's default 30 s poll interval.
 *
 * <p>{@code java -jar benchmarks/target/posthog-benchmarks.jar fleet [--seconds N] [--interval-ms N]}
 */
public final class DefinitionsFleetRunner {

    private static final byte[] DEFINITIONS = """
            {"flags": [{"id": 1, "key": "half", "active": true,
                        "filters": {"groups": [{"properties": [], "rollout_percentage": 50}]}}],
             "group_type_mapping": {}, "cohorts": {}}""".getBytes(StandardCharsets.UTF_8);

    private DefinitionsFleetRunner() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = 30;
        long intervalMs = 1000;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--interval-ms" -> intervalMs = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        AtomicLong definitions = new AtomicLong();
        HttpServer sink = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        sink.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{\"status\":1}".getBytes(StandardCharsets.UTF_8);
            if (exchange.getRequestURI().getPath().equals("/flags/definitions")) {
                definitions.incrementAndGet();
                body = DEFINITIONS;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        sink.start();
        int redisPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            redisPort = socket.getLocalPort();
        }
        Process redis = startRedis(redisPort);
        try {
            System.out.printf("poll interval %d ms, %d s per case, redis-server on port %d%n", intervalMs, seconds,
                    redisPort);
            System.out.println("| clients | shared | definitions requests | per minute | per day at a 30 s interval |");
            System.out.println("| --- | --- | --- | --- | --- |");
            for (int clients : new int[] {1, 3, 10}) {
                for (boolean shared : new boolean[] {false, true}) {
                    long count = runCase(clients, shared, sink, redisPort, definitions, Duration.ofMillis(intervalMs),
                            Duration.ofSeconds(seconds));
                    double perMinute = count * 60.0 / seconds;
                    double perDay30s = perMinute * intervalMs / 30_000.0 * 60 * 24;
                    System.out.printf("| %d | %s | %d | %.1f | %.0f |%n", clients, shared ? "yes (Redis)" : "no",
                            count, perMinute, perDay30s);
                }
            }
        } finally {
            sink.stop(0);
            redis.destroy();
            redis.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static long runCase(int clients, boolean shared, HttpServer sink, int redisPort, AtomicLong definitions,
                                Duration interval, Duration length) throws Exception {
        List<PostHogClient> fleet = new ArrayList<>();
        List<LettuceConnectionFactory> factories = new ArrayList<>();
        String prefix = "bench:" + System.nanoTime() + ":";
        try {
            for (int i = 0; i < clients; i++) {
                PostHogClientBuilder builder = PostHogClient.builder("phc_fleet_bench")
                        .host("http://127.0.0.1:" + sink.getAddress().getPort())
                        .personalApiKey("phx_fleet_bench")
                        .featureFlagsPollInterval(interval)
                        .featureFlagsWaitForFirstLoad(Duration.ofSeconds(30));
                if (shared) {
                    LettuceConnectionFactory factory = new LettuceConnectionFactory(
                            new RedisStandaloneConfiguration("127.0.0.1", redisPort));
                    factory.afterPropertiesSet();
                    factory.start();
                    factories.add(factory);
                    builder.featureFlagDefinitionsCache(new RedisFlagDefinitionsCache(factory, prefix,
                            "phc_fleet_bench", interval.multipliedBy(2)));
                }
                fleet.add(builder.build());
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (fleet.stream().anyMatch(c -> c.flagStats().definitionsCount() == 0)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the clients did not load their definitions");
                }
                TimeUnit.MILLISECONDS.sleep(10); // a benchmark driver, not a test: a coarse wait is fine
            }
            long start = definitions.get();
            TimeUnit.NANOSECONDS.sleep(length.toNanos());
            return definitions.get() - start;
        } finally {
            fleet.forEach(PostHogClient::close);
            factories.forEach(LettuceConnectionFactory::destroy);
        }
    }

    private static Process startRedis(int redisPort) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("redis-server", "--port", Integer.toString(redisPort), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), redisPort)) {
                return process;
            } catch (IOException notYet) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
        }
        process.destroy();
        throw new IllegalStateException("redis-server did not start (is it installed? apt-get install redis-server)");
    }
}
