package io.github.posthogcommunity.posthog.benchmarks.jmh;

import com.posthog.internal.FeatureFlag;
import com.posthog.internal.PostHogFeatureFlagsInterface;
import com.posthog.server.PostHog;
import com.posthog.server.PostHogConfig;
import com.posthog.server.PostHogFeatureFlagOptions;
import com.posthog.server.PostHogInterface;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.flags.FeatureFlagOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Feature flag local evaluation, this SDK against the official {@code com.posthog:posthog-server}, in one JVM on
 * the same flag definitions: one typical flag (three property filters and a 50 % rollout) and every flag of a
 * 50-flag set ({@code getAllFlags}).
 *
 * <p>Both SDKs load the same definitions over HTTP from a loopback server (ours from {@code /flags/definitions},
 * the official one from {@code /api/feature_flag/local_evaluation/}), with a personal API key, exactly as in
 * production; then nothing goes to the network: the person properties cover every filter, so every flag is
 * decided locally. The setup fails if either SDK asks {@code /flags}, and checks that both SDKs give the same
 * values. {@code $feature_flag_called} events are off in both (this measures evaluation, not capture).
 *
 * <p>The distinct id rotates over 4096 ids, so that the official SDK's per-person result cache (1000 entries)
 * misses as it would with real traffic; a single repeated id would measure its cache instead.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class LocalEvaluationBenchmark {

    static final int FLAGS = 50;
    static final String TYPICAL = "typical-flag";
    private static final int IDS = 4096;

    private final String[] ids = new String[IDS];
    private int next;

    private HttpServer server;
    private final AtomicLong flagsRequests = new AtomicLong();
    private final AtomicReference<String> firstFlagsRequest = new AtomicReference<>();

    private PostHogClient ours;
    private FeatureFlagOptions ourOptions;

    private PostHogInterface official;
    private PostHogFeatureFlagsInterface officialFlags;
    private PostHogFeatureFlagOptions officialOptions;
    private Map<String, Object> personProperties;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        for (int i = 0; i < IDS; i++) {
            ids[i] = "user-" + Integer.toHexString(i * 7919 + 1_000_003);
        }
        personProperties = new LinkedHashMap<>();
        personProperties.put("email", "jane@example.com");
        personProperties.put("country", "US");
        personProperties.put("plan", "pro");
        personProperties.put("age", 34);
        personProperties.put("app_version", "2.4.1");

        byte[] definitions = definitions().getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/flags/definitions") || path.startsWith("/api/feature_flag/local_evaluation")) {
                respond(exchange, 200, definitions);
            } else if (path.startsWith("/flags")) {
                flagsRequests.incrementAndGet();
                byte[] body = exchange.getRequestBody().readAllBytes();
                if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                    body = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body)).readAllBytes();
                }
                firstFlagsRequest.compareAndSet(null, exchange.getRequestHeaders().getFirst("User-Agent") + " "
                        + new String(body, StandardCharsets.UTF_8));
                respond(exchange, 200, "{\"flags\":{}}".getBytes(StandardCharsets.UTF_8));
            } else {
                respond(exchange, 200, "{\"status\":1}".getBytes(StandardCharsets.UTF_8));
            }
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();

        ours = PostHogClient.builder("phc_benchmark").host(url).personalApiKey("phx_benchmark")
                .featureFlagsWaitForFirstLoad(Duration.ofSeconds(30)).sendFeatureFlagEvents(false).build();
        if (ours.flagStats().definitionsCount() != FLAGS) {
            throw new IllegalStateException("this SDK did not load the definitions: " + ours.flagStats());
        }
        ourOptions = FeatureFlagOptions.builder().personProperties(personProperties).build();

        PostHogConfig config = PostHogConfig.Companion.builder("phc_benchmark").host(url)
                .personalApiKey("phx_benchmark").localEvaluation(true).pollIntervalSeconds(3600)
                .preloadFeatureFlags(false).remoteConfig(false).sendFeatureFlagEvent(false).build();
        official = PostHog.with(config);
        officialFlags = featureFlagsOf(official);
        // reloadFeatureFlags() loads in the background; the first read would race it and go to /flags
        ((com.posthog.server.internal.PostHogFeatureFlags) officialFlags).loadFeatureFlagDefinitions();
        officialOptions = new PostHogFeatureFlagOptions.Builder().personProperties(personProperties).build();

        check();
    }

    /** Both SDKs evaluated everything locally and agree on every value, for a sample of ids. */
    private void check() {
        int mismatches = 0;
        for (int i = 0; i < 256; i++) {
            String id = ids[i];
            Map<String, Object> mine = ours.getAllFlags(id, ourOptions);
            Map<String, Object> theirs = officialValues(id);
            if (mine.size() != FLAGS || !mine.equals(theirs)) {
                mismatches++;
                if (mismatches == 1) {
                    System.err.println("values differ for " + id + ":\n  this SDK: " + mine + "\n  official: "
                            + theirs);
                }
            }
            Object mineTypical = ours.getFeatureFlag(TYPICAL, id, ourOptions);
            if (!Objects.equals(mineTypical, official.getFeatureFlag(id, TYPICAL, officialOptions))) {
                mismatches++;
            }
        }
        if (flagsRequests.get() != 0 || ours.flagStats().requests() != 0) {
            throw new IllegalStateException("a flag was evaluated remotely (" + flagsRequests.get()
                    + " /flags requests, the first: " + firstFlagsRequest.get() + "): the comparison would not be local");
        }
        System.err.println("LocalEvaluationBenchmark: " + FLAGS + " flags, 256 ids checked, " + mismatches
                + " mismatch(es) between the SDKs");
    }

    private Map<String, Object> officialValues(String id) {
        Map<String, Object> values = new HashMap<>();
        officialFlags.getFeatureFlags(id, Map.of(), personProperties, Map.of()).forEach((key, flag) -> {
            Object value = flag;
            if (flag instanceof FeatureFlag f) {
                value = f.getEnabled() && f.getVariant() != null ? f.getVariant() : Boolean.valueOf(f.getEnabled());
            }
            values.put(key, value);
        });
        return values;
    }

    /** The official client's flag engine (protected {@code PostHogStateless.getFeatureFlags()}). */
    private static PostHogFeatureFlagsInterface featureFlagsOf(PostHogInterface client) throws Exception {
        Method getter = com.posthog.PostHogStateless.class.getDeclaredMethod("getFeatureFlags");
        getter.setAccessible(true);
        return (PostHogFeatureFlagsInterface) getter.invoke(client);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        long remote = flagsRequests.get();
        ours.close();
        official.close();
        server.stop(0);
        if (remote != 0) {
            throw new IllegalStateException(remote + " /flags requests during the run: not a local comparison");
        }
    }

    private String nextId() {
        return ids[next++ & (IDS - 1)];
    }

    @Benchmark
    public Object typicalFlag_posthogCommunity() {
        return ours.getFeatureFlag(TYPICAL, nextId(), ourOptions);
    }

    @Benchmark
    public Object typicalFlag_officialServerSdk() {
        return official.getFeatureFlag(nextId(), TYPICAL, officialOptions); // (distinctId, key): its order
    }

    @Benchmark
    public Object allFlags50_posthogCommunity() {
        return ours.getAllFlags(nextId(), ourOptions);
    }

    @Benchmark
    public Object allFlags50_officialServerSdk() {
        return officialFlags.getFeatureFlags(nextId(), Map.of(), personProperties, Map.of());
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /**
     * 50 flags: the typical flag (email contains, country in, plan in; 50 % rollout), then a mix of rollout-only,
     * exact, multivariate, numeric and semver-free string filters, a second condition group, two inactive flags.
     */
    static String definitions() {
        StringBuilder flags = new StringBuilder();
        flags.append(flag(1, TYPICAL, true, "[" + group(50, prop("email", "\"@example.com\"", "icontains"),
                prop("country", "[\"US\",\"CA\",\"GB\"]", "exact"), prop("plan", "[\"pro\",\"enterprise\"]",
                        "exact")) + "]", null));
        for (int i = 1; i < FLAGS; i++) {
            String key = "flag-" + i;
            String groups;
            String multivariate = null;
            switch (i % 5) {
                case 0 -> groups = "[" + group((i * 7) % 100) + "]";
                case 1 -> groups = "[" + group(100, prop("plan", "[\"pro\"]", "exact")) + "]";
                case 2 -> {
                    groups = "[" + group(100, prop("country", "[\"US\",\"FR\"]", "exact")) + "]";
                    multivariate = "{\"variants\":[{\"key\":\"control\",\"rollout_percentage\":34},"
                            + "{\"key\":\"test\",\"rollout_percentage\":33},"
                            + "{\"key\":\"test-2\",\"rollout_percentage\":33}]}";
                }
                case 3 -> groups = "[" + group(100, prop("age", "\"40\"", "gt")) + ","
                        + group(30, prop("email", "\"example\"", "icontains")) + "]";
                default -> groups = "[" + group(80, prop("email", "\"@example.com\"", "icontains"),
                        prop("plan", "[\"free\"]", "is_not")) + "]";
            }
            flags.append(',').append(flag(i + 1, key, i % 23 != 0, groups, multivariate));
        }
        return "{\"flags\":[" + flags + "],\"group_type_mapping\":{},\"cohorts\":{}}";
    }

    private static String flag(int id, String key, boolean active, String groups, String multivariate) {
        return "{\"id\":" + id + ",\"team_id\":1,\"name\":\"" + key + "\",\"key\":\"" + key + "\",\"active\":"
                + active + ",\"deleted\":false,\"version\":1,\"ensure_experience_continuity\":false,"
                + "\"filters\":{\"groups\":" + groups
                + (multivariate == null ? "" : ",\"multivariate\":" + multivariate)
                + ",\"payloads\":{}}}";
    }

    private static String group(int rollout, String... properties) {
        return "{\"properties\":[" + String.join(",", properties) + "],\"rollout_percentage\":" + rollout + "}";
    }

    private static String prop(String key, String value, String operator) {
        return "{\"key\":\"" + key + "\",\"value\":" + value + ",\"operator\":\"" + operator
                + "\",\"type\":\"person\"}";
    }
}
