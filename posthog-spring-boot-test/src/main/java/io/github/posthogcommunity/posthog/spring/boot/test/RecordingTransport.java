package io.github.posthogcommunity.posthog.spring.boot.test;

import io.github.posthogcommunity.posthog.http.HttpTransport;
import io.github.posthogcommunity.posthog.http.TransportRequest;
import io.github.posthogcommunity.posthog.http.TransportResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * The in-memory PostHog: records capture requests' events and answers {@code /flags} from the stubs. Called by the
 * client's sender threads concurrently.
 */
final class RecordingTransport implements HttpTransport {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte[] CAPTURE_OK = "{\"status\":1}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NO_DEFINITIONS =
            "{\"flags\":[],\"group_type_mapping\":{},\"cohorts\":{}}".getBytes(StandardCharsets.UTF_8);

    private final ConcurrentLinkedQueue<RecordedEvent> events = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    private final AtomicInteger flagRequests = new AtomicInteger();
    private final FlagStubs stubs;

    RecordingTransport(FlagStubs stubs) {
        this.stubs = stubs;
    }

    @Override
    public TransportResponse send(TransportRequest request) {
        String path = request.uri().getPath();
        try {
            if (path.startsWith("/flags/definitions") || path.startsWith("/api/feature_flag/local_evaluation")) {
                return ok(NO_DEFINITIONS);
            }
            if (path.startsWith("/flags")) {
                flagRequests.incrementAndGet();
                return ok(stubs.answer(JSON));
            }
            if (path.equals("/batch/") || path.startsWith("/i/")) {
                record(path, JSON.readTree(decode(request)));
                return ok(CAPTURE_OK);
            }
            problems.add("unexpected request to " + path);
            return new TransportResponse(404, Map.of(), new byte[0]);
        } catch (IOException | RuntimeException e) {
            problems.add("could not read the request to " + path + ": " + e);
            return new TransportResponse(400, Map.of(), new byte[0]);
        }
    }

    private void record(String path, JsonNode body) {
        for (JsonNode event : body.path("batch")) {
            Map<String, Object> properties = new LinkedHashMap<>();
            JsonNode props = event.path("properties");
            if (props.isObject()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> parsed = JSON.treeToValue(props, Map.class);
                properties.putAll(parsed);
            }
            copyRootField(event, "session_id", "$session_id", properties);
            copyRootField(event, "window_id", "$window_id", properties);
            events.add(new RecordedEvent(event.path("event").asString(""), event.path("distinct_id").asString(""),
                    text(event, "uuid"), text(event, "timestamp"), properties, path));
        }
    }

    private static void copyRootField(JsonNode event, String field, String property, Map<String, Object> properties) {
        JsonNode value = event.get(field);
        if (value != null && value.isString() && !properties.containsKey(property)) {
            properties.put(property, value.asString());
        }
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static byte[] decode(TransportRequest request) throws IOException {
        String encoding = request.header("Content-Encoding");
        if (encoding == null || encoding.isBlank() || encoding.equalsIgnoreCase("identity")) {
            return request.body();
        }
        InputStream in = switch (encoding.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "gzip" -> new GZIPInputStream(new ByteArrayInputStream(request.body()));
            case "deflate" -> new InflaterInputStream(new ByteArrayInputStream(request.body()));
            default -> throw new IOException("unsupported Content-Encoding " + encoding);
        };
        try (in) {
            return in.readAllBytes();
        }
    }

    private static TransportResponse ok(byte[] body) {
        return new TransportResponse(200, Map.of("Content-Type", List.of("application/json")), body);
    }

    List<RecordedEvent> events() {
        return new ArrayList<>(events);
    }

    List<String> problems() {
        return new ArrayList<>(problems);
    }

    int flagRequests() {
        return flagRequests.get();
    }

    void clear() {
        events.clear();
        problems.clear();
        flagRequests.set(0);
    }
}
