package io.github.posthogcommunity.posthog.spring.boot.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.JsonNode;

/**
 * A real local HTTP server standing in for PostHog: answers the queued statuses in order, then 200, and records
 * every request body (clients under test send with {@code posthog.compression=none}). Flag definition loads
 * ({@code GET /flags/definitions}) are kept apart: answered with {@link #definitions(String)} (404 until set) and
 * recorded in {@link #definitionRequests()}. Register it as a field with {@code @RegisterExtension}: it starts when
 * created and stops after each test.
 */
public final class PostHogTestServer implements AfterEachCallback, AutoCloseable {

    private final MockWebServer server = new MockWebServer();
    private final Queue<Integer> statuses = new ConcurrentLinkedQueue<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<RecordedRequest> definitionRequests = new CopyOnWriteArrayList<>();
    private volatile String definitions;

    public PostHogTestServer() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (request.getUrl().encodedPath().equals("/flags/definitions")) {
                    definitionRequests.add(request);
                    String body = definitions;
                    return body == null ? new MockResponse.Builder().code(404).build()
                            : new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                                    .body(body).build();
                }
                bodies.add(request.getBody() == null ? "" : request.getBody().utf8());
                Integer status = statuses.poll();
                return new MockResponse.Builder().code(status == null ? 200 : status)
                        .addHeader("Content-Type", "application/json").body("{\"status\":1}").build();
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

    /** Answers the next requests with these statuses, in order; afterwards 200. */
    public void answer(int... codes) {
        for (int code : codes) {
            statuses.add(code);
        }
    }

    /** Answers every later flag definitions load with this JSON. */
    public void definitions(String json) {
        this.definitions = json;
    }

    /** The flag definition loads received. */
    public List<RecordedRequest> definitionRequests() {
        return definitionRequests;
    }

    public List<String> bodies() {
        return bodies;
    }

    /** The names of every event received, over all requests, in order. */
    public List<String> eventNames() {
        return bodies.stream().flatMap(b -> RecordingTransport.batch(b).stream())
                .map(e -> e.path("event").asString()).toList();
    }

    /** Every event received, over all requests, in order. */
    public List<JsonNode> events() {
        return bodies.stream().flatMap(b -> RecordingTransport.batch(b).stream()).toList();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        server.close();
    }
}
