package io.github.posthogcommunity.posthog;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real local HTTP server for flag tests: {@code /flags/} answers from a queue of scripted responses (an empty
 * queue answers {@code {"flags":{}}}), {@code /flags/definitions} answers with the definitions set by
 * {@link #definitions} (404 until then), {@code /batch/} accepts capture requests and keeps their events.
 */
final class FlagsTestServer extends Dispatcher {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY = "phc_test_project_key_123";

    private final MockWebServer server;
    private final ConcurrentLinkedQueue<MockResponse> flagResponses = new ConcurrentLinkedQueue<>();
    private final List<RecordedRequest> flagRequests = new CopyOnWriteArrayList<>();
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final List<RecordedRequest> definitionRequests = new CopyOnWriteArrayList<>();
    private volatile MockResponse definitions;
    private final List<RecordedRequest> remoteConfigRequests = new CopyOnWriteArrayList<>();
    private final java.util.Map<String, MockResponse> remoteConfigs = new java.util.concurrent.ConcurrentHashMap<>();

    /** Answers {@code /api/projects/@current/feature_flags/{key}/remote_config} for this key (404 otherwise). */
    FlagsTestServer remoteConfig(String key, int status, String body) {
        remoteConfigs.put(key, new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json")
                .body(body).build());
        return this;
    }

    List<RecordedRequest> remoteConfigRequests() {
        return remoteConfigRequests;
    }

    FlagsTestServer(MockWebServer server) {
        this.server = server;
        server.setDispatcher(this);
    }

    /** Answers the next /flags request with this status and JSON body. */
    FlagsTestServer flags(int status, String body) {
        flagResponses.add(new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json")
                .body(body).build());
        return this;
    }

    /** Answers the next /flags request with this response. */
    FlagsTestServer flags(MockResponse response) {
        flagResponses.add(response);
        return this;
    }

    /** Answers every later {@code /flags/definitions} request with this status and JSON body. */
    FlagsTestServer definitions(int status, String body) {
        return definitions(new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json")
                .body(body).build());
    }

    /** Answers every later {@code /flags/definitions} request with this response. */
    FlagsTestServer definitions(MockResponse response) {
        this.definitions = response;
        return this;
    }

    List<RecordedRequest> definitionRequests() {
        return definitionRequests;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        if (path.equals("/flags/definitions")) {
            definitionRequests.add(request);
            MockResponse answer = definitions;
            return answer != null ? answer : new MockResponse.Builder().code(404).build();
        }
        if (path.equals("/flags/")) {
            flagRequests.add(request);
            MockResponse next = flagResponses.poll();
            return next != null ? next : new MockResponse.Builder().code(200).body("{\"flags\":{}}").build();
        }
        if (path.startsWith("/api/projects/@current/feature_flags/") && path.endsWith("/remote_config")) {
            remoteConfigRequests.add(request);
            String key = java.net.URLDecoder.decode(path.substring("/api/projects/@current/feature_flags/".length(),
                    path.length() - "/remote_config".length()), java.nio.charset.StandardCharsets.UTF_8);
            MockResponse answer = remoteConfigs.get(key);
            return answer != null ? answer : new MockResponse.Builder().code(404).build();
        }
        if (path.equals("/batch/")) {
            JsonNode body = JSON.readTree(request.getBody().utf8());
            body.get("batch").forEach(events::add);
            return new MockResponse.Builder().code(200).body("{\"status\":1}").build();
        }
        return new MockResponse.Builder().code(404).build();
    }

    /** A client for this server: no compression, so captured events can be read back. */
    PostHogClientBuilder client() {
        return PostHogClient.builder(KEY)
                .host(server.url("/").toString())
                .compression(Compression.NONE)
                .flushAt(1000)
                .flushInterval(Duration.ofHours(1))
                .featureFlagsRetrySleeper(d -> { });
    }

    List<RecordedRequest> flagRequests() {
        return flagRequests;
    }

    RecordedRequest onlyFlagRequest() {
        if (flagRequests.size() != 1) {
            throw new AssertionError("expected one /flags request, got " + flagRequests.size());
        }
        return flagRequests.get(0);
    }

    JsonNode body(RecordedRequest request) {
        return JSON.readTree(request.getBody().utf8());
    }

    /** Every captured event with this name, after the caller flushed. */
    List<JsonNode> events(String name) {
        List<JsonNode> matching = new ArrayList<>();
        for (JsonNode event : events) {
            if (event.get("event").asString().equals(name)) {
                matching.add(event);
            }
        }
        return matching;
    }

    List<JsonNode> allEvents() {
        return events;
    }
}
