package io.github.posthogcommunity.posthog.compliance;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.posthogcommunity.posthog.CaptureOptions;
import io.github.posthogcommunity.posthog.CaptureProtocol;
import io.github.posthogcommunity.posthog.DropReason;
import io.github.posthogcommunity.posthog.FlushResult;
import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.flags.FeatureFlagOptions;
import io.github.posthogcommunity.posthog.PostHogStats;
import io.github.posthogcommunity.posthog.ShutdownResult;
import io.github.posthogcommunity.posthog.http.HttpTransport;
import io.github.posthogcommunity.posthog.http.JdkHttpTransport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP adapter PostHog's SDK compliance harness drives (see {@code compliance/README.md}, which describes
 * the adapter contract): one SDK client per {@code test_id}, every route of the contract, and
 * {@code /state} built from the SDK's own counters and from observing its real HTTP requests.
 *
 * <p>Run with {@code java -jar posthog-compliance-adapter.jar}; {@code PORT} (default 8080),
 * {@code POSTHOG_CAPTURE_PROTOCOL} ({@code v0} default, {@code v1}), {@code POSTHOG_COMPRESSION} ({@code gzip}
 * default, {@code deflate}), {@code BIND_ADDRESS} (default {@code 0.0.0.0}).
 */
public final class ComplianceAdapter implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ComplianceAdapter.class.getName());
    /** The SDK's {@code $lib} value. */
    static final String SDK_NAME = PostHogClient.SDK_NAME;
    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
    private static final String DEFAULT_SESSION = "";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Mode mode;
    private final HttpTransport transport;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final AtomicLong refusedAfterReset = new AtomicLong();
    private final String sdkVersion = PostHogClient.SDK_VERSION;
    private final String adapterVersion = readVersion(ComplianceAdapter.class,
            "/io/github/posthogcommunity/posthog/compliance/adapter.properties");

    private ComplianceAdapter(HttpServer server, ExecutorService executor, Mode mode,
                              HttpTransport transport) {
        this.server = server;
        this.executor = executor;
        this.mode = mode;
        this.transport = transport;
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        Mode mode;
        int port;
        try {
            mode = Mode.fromEnvironment(env);
            port = port(env.getOrDefault("PORT", "8080"));
        } catch (IllegalArgumentException e) {
            System.err.println("posthog-compliance-adapter: " + e.getMessage());
            System.exit(2);
            return;
        }
        String bind = env.getOrDefault("BIND_ADDRESS", "0.0.0.0");
        ComplianceAdapter adapter = start(new InetSocketAddress(bind, port), mode, new JdkHttpTransport());
        Runtime.getRuntime().addShutdownHook(new Thread(adapter::close, "posthog-compliance-shutdown"));
        System.out.println("posthog-compliance-adapter listening on " + bind + ":" + adapter.port() + ", capabilities "
                + mode.capabilities());
    }

    /**
     * Starts an adapter.
     *
     * @param address where to listen (port 0 picks a free one)
     * @param transport the HTTP transport every client sends through, each under its own observer (the default is
     *                  one {@link JdkHttpTransport}, shared so that a run of hundreds of tests does not create
     *                  hundreds of HTTP clients); the adapter owns it and closes it in {@link #close()}
     */
    static ComplianceAdapter start(InetSocketAddress address, Mode mode, HttpTransport transport) {
        HttpServer server;
        try {
            server = HttpServer.create(address, 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address, e);
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "posthog-compliance-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ComplianceAdapter adapter = new ComplianceAdapter(server, executor, mode, transport);
        server.createContext("/", adapter::handle);
        server.setExecutor(executor);
        server.start();
        return adapter;
    }

    /** The port the adapter listens on. */
    int port() {
        return server.getAddress().getPort();
    }

    /**
     * Requests a reset client tried to send and the gate refused. The SDK's {@code shutdown(Duration.ZERO)} should
     * leave nothing to refuse; a non-zero count means it let a request through after shutdown began.
     */
    long refusedAfterReset() {
        return refusedAfterReset.get();
    }

    /** Stops listening, silences every client (nothing more is sent) and closes the shared transport. */
    @Override
    public void close() {
        server.stop(0);
        for (String key : List.copyOf(sessions.keySet())) {
            Session session = sessions.remove(key);
            if (session != null) {
                session.silence();
            }
        }
        transport.close();
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------------------------------------- routing

    private void handle(HttpExchange exchange) throws IOException {
        int status = 200;
        Map<String, Object> response;
        try {
            String path = exchange.getRequestURI().getPath();
            if (path.length() > 1 && path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            String method = exchange.getRequestMethod();
            response = route(path, method, exchange);
        } catch (BadRequest e) {
            status = 400;
            response = error(e.getMessage());
        } catch (RouteNotFound e) {
            status = e.status;
            response = error(e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Adapter route failed", e);
            status = 500;
            response = error("internal adapter error: " + e.getClass().getSimpleName());
        }
        byte[] bytes = Bodies.JSON.writeValueAsBytes(response);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        } finally {
            exchange.close();
        }
    }

    private Map<String, Object> route(String path, String method, HttpExchange exchange) throws IOException {
        switch (path) {
            case "/health" -> {
                expect(method, "GET");
                return health();
            }
            case "/state" -> {
                expect(method, "GET");
                return state(testId(exchange));
            }
            case "/init" -> {
                expect(method, "POST");
                return init(testId(exchange), Bodies.parse(body(exchange)));
            }
            case "/capture" -> {
                expect(method, "POST");
                return capture(testId(exchange), Bodies.parse(body(exchange)));
            }
            case "/capture_ai" -> {
                expect(method, "POST");
                return captureAi(testId(exchange), Bodies.parse(body(exchange)));
            }
            case "/flush" -> {
                expect(method, "POST");
                return flush(testId(exchange));
            }
            case "/get_feature_flag" -> {
                expect(method, "POST");
                return getFeatureFlag(testId(exchange), Bodies.parse(body(exchange)));
            }
            case "/reset" -> {
                expect(method, "POST");
                return reset(testId(exchange));
            }
            default -> throw new RouteNotFound(404, "no route " + path);
        }
    }

    // ---------------------------------------------------------------------------------------------- routes

    private Map<String, Object> health() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sdk_name", SDK_NAME);
        body.put("sdk_version", sdkVersion);
        body.put("adapter_version", adapterVersion);
        body.put("supports_parallel", true);
        body.put("capabilities", mode.capabilities());
        return body;
    }

    private Map<String, Object> init(String testId, Bodies body) {
        Session.Plan plan = Session.Plan.of(body, mode, testId);
        // compute() serializes inits and resets of one test id; the previous client is silenced before the new
        // one exists, so nothing it still held can reach the mock under the new test's name.
        sessions.compute(key(testId), (k, previous) -> {
            if (previous != null) {
                previous.silence();
            }
            return plan.start(transport, refusedAfterReset);
        });
        return success();
    }

    private Map<String, Object> capture(String testId, Bodies body) {
        PostHogClient client = session(testId).client();
        EventFields fields = EventFields.of(body);
        Bodies extra = body.optionalNested("options");
        if (extra != null) {
            Boolean cookieless = extra.optionalBoolean("cookieless_mode");
            Boolean skew = extra.optionalBoolean("disable_skew_correction");
            Boolean personProfile = extra.optionalBoolean("process_person_profile");
            String productTour = extra.optionalString("product_tour_id");
            if (cookieless != null) {
                fields.options.cookielessMode(cookieless);
            }
            if (skew != null) {
                fields.options.disableSkewCorrection(skew);
            }
            if (personProfile != null) {
                fields.options.processPersonProfile(personProfile);
            }
            if (productTour != null) {
                fields.options.productTourId(productTour);
            }
        }
        return captured(client.capture(fields.distinctId, fields.event, fields.properties, fields.options.build()));
    }

    private Map<String, Object> captureAi(String testId, Bodies body) {
        PostHogClient client = session(testId).client();
        EventFields fields = EventFields.of(body);
        UUID supplied = body.optionalUuid("uuid");
        if (supplied != null) {
            fields.options.uuid(supplied);
        }
        return captured(client.captureAi(fields.distinctId, fields.event, fields.properties, fields.options.build()));
    }

    /** The fields {@code /capture} and {@code /capture_ai} share. */
    private static final class EventFields {
        final String distinctId;
        final String event;
        final Map<String, Object> properties;
        final CaptureOptions.Builder options = CaptureOptions.builder();

        private EventFields(Bodies body) {
            this.distinctId = body.requiredString("distinct_id");
            this.event = body.requiredString("event");
            this.properties = body.optionalObject("properties");
            OffsetDateTime timestamp = body.optionalTimestamp("timestamp");
            if (timestamp != null) {
                options.timestamp(timestamp);
            }
        }

        static EventFields of(Bodies body) {
            return new EventFields(body);
        }
    }

    /** The uuid the SDK put on the event (the one on the wire), or {@code null} when the SDK dropped the event. */
    private static Map<String, Object> captured(UUID uuid) {
        Map<String, Object> body = success();
        body.put("uuid", uuid == null ? null : uuid.toString());
        if (uuid == null) {
            body.put("dropped", true);
        }
        return body;
    }

    private Map<String, Object> flush(String testId) {
        Session session = sessions.get(key(testId));
        FlushResult result = session == null ? FlushResult.empty() : session.client().flush();
        Map<String, Object> body = success();
        body.put("events_flushed", result.sent());
        body.put("completed", result.completed());
        body.put("events_dropped", result.dropped());
        body.put("events_retrying", result.retrying());
        return body;
    }

    private Map<String, Object> state(String testId) {
        Session session = sessions.get(key(testId));
        PostHogStats stats = session == null ? null : session.client().stats();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pending_events", stats == null ? 0 : stats.pending());
        body.put("total_events_captured", stats == null ? 0 : stats.captured());
        body.put("total_events_sent", stats == null ? 0 : stats.sent());
        body.put("total_retries", stats == null ? 0 : stats.retries());
        body.put("last_error", session == null ? null : session.observer().lastError());
        List<Map<String, Object>> requests = new ArrayList<>();
        if (session != null) {
            for (RequestRecord r : session.observer().records()) {
                Map<String, Object> request = new LinkedHashMap<>();
                request.put("timestamp_ms", r.timestampMs());
                request.put("status_code", r.statusCode());
                request.put("retry_attempt", r.retryAttempt());
                request.put("event_count", r.eventCount());
                request.put("uuid_list", r.uuids());
                request.put("path", r.path());
                requests.add(request);
            }
        }
        body.put("requests_made", requests);
        Map<String, Object> dropped = new LinkedHashMap<>();
        if (stats != null) {
            for (DropReason reason : DropReason.values()) {
                if (stats.dropped(reason) > 0) {
                    dropped.put(reason.wireName(), stats.dropped(reason));
                }
            }
        }
        body.put("events_dropped", dropped);
        return body;
    }

    /** Evaluates one flag through the SDK's remote evaluation ({@code force_remote} bypasses local evaluation). */
    private Map<String, Object> getFeatureFlag(String testId, Bodies body) {
        Session session = session(testId);
        String key = body.requiredString("key");
        String distinctId = body.requiredString("distinct_id");
        FeatureFlagOptions.Builder options = FeatureFlagOptions.builder();
        Map<String, Object> personProperties = body.optionalObject("person_properties");
        if (personProperties != null) {
            options.personProperties(personProperties);
        }
        Map<String, Object> groups = body.optionalObject("groups");
        if (groups != null) {
            groups.forEach((type, groupKey) -> options.group(type, String.valueOf(groupKey)));
        }
        Map<String, Object> groupProperties = body.optionalObject("group_properties");
        if (groupProperties != null) {
            groupProperties.forEach((type, props) -> {
                if (props instanceof Map<?, ?> map) {
                    Map<String, Object> copy = new LinkedHashMap<>();
                    map.forEach((k, v) -> copy.put(String.valueOf(k), v));
                    options.groupProperties(type, copy);
                }
            });
        }
        Boolean disableGeoip = body.optionalBoolean("disable_geoip");
        if (disableGeoip != null) {
            options.disableGeoip(disableGeoip);
        }
        Boolean forceRemote = body.optionalBoolean("force_remote");
        if (forceRemote != null) {
            options.forceRemote(forceRemote);
        }
        Object value = session.client().getFeatureFlag(key, distinctId, options.build());
        Map<String, Object> response = success();
        response.put("value", value);
        return response;
    }

    private Map<String, Object> reset(String testId) {
        Session session = sessions.remove(key(testId));
        Map<String, Object> body = success();
        if (session != null) {
            ShutdownResult result = session.silence();
            body.put("discarded_events", result.dropped());
        } else {
            body.put("discarded_events", 0);
        }
        return body;
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private Session session(String testId) {
        Session session = sessions.get(key(testId));
        if (session == null) {
            throw new BadRequest("no SDK client for " + (testId == null ? "the default test" : "test_id '" + testId
                    + "'") + ": call /init first");
        }
        return session;
    }

    private static String key(String testId) {
        return testId == null ? DEFAULT_SESSION : testId;
    }

    /** The {@code test_id} query parameter, or {@code null}; it becomes a header value, so it must be one. */
    private static String testId(HttpExchange exchange) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null) {
            return null;
        }
        String found = null;
        try {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                if (name.equals("test_id")) {
                    found = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            }
        } catch (IllegalArgumentException badEscape) {
            throw new BadRequest("the query string is not valid URL encoding");
        }
        if (found == null || found.isEmpty()) {
            return null;
        }
        if (found.length() > 256 || found.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
            throw new BadRequest("'test_id' must be at most 256 printable ASCII characters");
        }
        return found;
    }

    private static byte[] body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new BadRequest("the request body is larger than " + MAX_BODY_BYTES + " bytes");
            }
            return bytes;
        }
    }

    private static void expect(String method, String allowed) {
        if (!allowed.equals(method)) {
            throw new RouteNotFound(405, "use " + allowed);
        }
    }

    private static Map<String, Object> success() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", true);
        return body;
    }

    private static Map<String, Object> error(String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", false);
        body.put("error", message == null ? "bad request" : message);
        return body;
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text.trim());
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("PORT must be a port number, was '" + text + "'");
        }
    }

    private static String readVersion(Class<?> owner, String resource) {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The protocol of this run, for tests and logs. */
    CaptureProtocol protocol() {
        return mode.protocol();
    }

    /** A 404 or 405. */
    private static final class RouteNotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        RouteNotFound(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }
}
