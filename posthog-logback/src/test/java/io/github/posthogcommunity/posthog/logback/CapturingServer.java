package io.github.posthogcommunity.posthog.logback;

import io.github.posthogcommunity.posthog.Compression;
import io.github.posthogcommunity.posthog.PostHogClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real local HTTP server standing in for PostHog: answers 200 and keeps the events of every {@code /batch/}
 * body (clients send uncompressed). Stops after each test.
 */
public final class CapturingServer implements AfterEachCallback {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MockWebServer server = new MockWebServer();
    private final List<String> bodies = new CopyOnWriteArrayList<>();

    public CapturingServer() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (request.getUrl().encodedPath().startsWith("/batch")) {
                    bodies.add(request.getBody() == null ? "" : request.getBody().utf8());
                }
                return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                        .body("{\"status\":1}").build();
            }
        });
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value for {@code posthog.host}. */
    public String host() {
        return "http://" + server.getHostName() + ":" + server.getPort();
    }

    /** A client that sends here, only when flushed. */
    public PostHogClient client() {
        return PostHogClient.builder("phc_LoggingTestKey0123456789").host(host()).compression(Compression.NONE)
                .flushAt(1000).flushInterval(Duration.ofHours(1)).build();
    }

    /** Flushes the client and returns every {@code $exception} event received so far. */
    public List<JsonNode> exceptions(PostHogClient client) {
        client.flush();
        List<JsonNode> events = new ArrayList<>();
        for (String body : bodies) {
            for (JsonNode event : JSON.readTree(body).path("batch")) {
                if (event.path("event").asString().equals("$exception")) {
                    events.add(event);
                }
            }
        }
        return events;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        server.close();
    }
}
