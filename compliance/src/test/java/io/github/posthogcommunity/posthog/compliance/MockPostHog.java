package io.github.posthogcommunity.posthog.compliance;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A local mock PostHog server (mockwebserver3) that records every request with its decoded JSON body. */
final class MockPostHog implements AutoCloseable {

    private final MockWebServer server = new MockWebServer();
    private final List<Received> requests = new CopyOnWriteArrayList<>();
    private volatile Function<Received, MockResponse> responder = r -> ok();

    /** One request as the mock saw it. */
    record Received(RecordedRequest raw, JsonNode json) {

        String header(String name) {
            return raw.getHeaders().get(name);
        }

        String path() {
            return raw.getUrl().encodedPath();
        }

        String testId() {
            return header("X-Test-Id");
        }

        List<JsonNode> events() {
            List<JsonNode> events = new ArrayList<>();
            if (json != null && json.get("batch") != null) {
                json.get("batch").forEach(events::add);
            }
            return events;
        }

        List<String> uuids() {
            return events().stream().map(e -> e.get("uuid").asString()).toList();
        }
    }

    MockPostHog() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                Received received = new Received(request, decode(request));
                requests.add(received);
                return responder.apply(received);
            }
        });
        try {
            server.start(java.net.InetAddress.getLoopbackAddress(), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MockResponse ok() {
        return new MockResponse.Builder().code(200).body("{\"status\":1}").build();
    }

    static MockResponse status(int code) {
        return new MockResponse.Builder().code(code).body("{}").build();
    }

    static MockResponse status(int code, String retryAfter) {
        return new MockResponse.Builder().code(code).setHeader("Retry-After", retryAfter).body("{}").build();
    }

    static MockResponse body(String json) {
        return new MockResponse.Builder().code(200).body(json).build();
    }

    void respond(Function<Received, MockResponse> value) {
        this.responder = value;
    }

    String host() {
        String url = server.url("").toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    List<Received> requests() {
        return List.copyOf(requests);
    }

    List<Received> requestsFor(String testId) {
        return requests.stream().filter(r -> testId.equals(r.testId())).toList();
    }

    @Override
    public void close() {
        server.close();
    }

    private static JsonNode decode(RecordedRequest request) {
        byte[] body = request.getBody() == null ? new byte[0] : request.getBody().toByteArray();
        try {
            body = ObservingTransport.decode(body, request.getHeaders().get("Content-Encoding"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return body.length == 0 ? null : Bodies.JSON.readTree(body);
    }
}
