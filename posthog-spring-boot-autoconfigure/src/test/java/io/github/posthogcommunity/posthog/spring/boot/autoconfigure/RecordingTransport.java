package io.github.posthogcommunity.posthog.spring.boot.autoconfigure;

import io.github.posthogcommunity.posthog.http.HttpTransport;
import io.github.posthogcommunity.posthog.http.TransportRequest;
import io.github.posthogcommunity.posthog.http.TransportResponse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A test {@link HttpTransport} that answers 200 to everything and records the requests (send with compression=none). */
public final class RecordingTransport implements HttpTransport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<TransportRequest> requests = new CopyOnWriteArrayList<>();

    @Override
    public TransportResponse send(TransportRequest request) {
        requests.add(request);
        return new TransportResponse(200, Map.of(), "{\"status\":1}".getBytes(StandardCharsets.UTF_8));
    }

    public List<TransportRequest> requests() {
        return requests;
    }

    /** Every event of every recorded batch, in order. */
    public List<JsonNode> events() {
        List<JsonNode> events = new ArrayList<>();
        for (TransportRequest request : requests) {
            events.addAll(batch(new String(request.body(), StandardCharsets.UTF_8)));
        }
        return events;
    }

    /** The names of every recorded event, in order. */
    public List<String> eventNames() {
        return events().stream().map(e -> e.path("event").asString()).toList();
    }

    /** The events of one {@code /batch/} body. */
    public static List<JsonNode> batch(String body) {
        List<JsonNode> events = new ArrayList<>();
        JSON.readTree(body).path("batch").forEach(events::add);
        return events;
    }
}
