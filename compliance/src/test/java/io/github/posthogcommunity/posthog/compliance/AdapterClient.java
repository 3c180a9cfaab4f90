package io.github.posthogcommunity.posthog.compliance;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** Drives the adapter's routes over real HTTP, as the harness does. */
final class AdapterClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    /** One answer of the adapter. */
    record Answer(int status, JsonNode json) {
        @Override
        public String toString() {
            return status + " " + json;
        }
    }

    AdapterClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    Answer get(String path, String testId) {
        return send(HttpRequest.newBuilder(uri(path, testId)).GET());
    }

    /** {@code GET} of a path with a query string exactly as given (not encoded). */
    Answer raw(String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET());
    }

    Answer post(String path, String testId, Object body) {
        String json = body == null ? "" : body instanceof String s ? s : Bodies.JSON.writeValueAsString(body);
        return send(HttpRequest.newBuilder(uri(path, testId))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** {@code POST /init} that must succeed. */
    void init(String testId, Map<String, ?> config) {
        Answer answer = post("/init", testId, config);
        if (answer.status() != 200) {
            throw new AssertionError("init failed: " + answer);
        }
    }

    /** {@code POST /capture} that must succeed; returns the uuid. */
    String capture(String testId, Map<String, ?> body) {
        Answer answer = post("/capture", testId, body);
        if (answer.status() != 200 || !answer.json().get("success").asBoolean()) {
            throw new AssertionError("capture failed: " + answer);
        }
        return answer.json().get("uuid").asString();
    }

    JsonNode state(String testId) {
        return get("/state", testId).json();
    }

    private URI uri(String path, String testId) {
        return URI.create(base + path + (testId == null ? ""
                : "?test_id=" + URLEncoder.encode(testId, StandardCharsets.UTF_8)));
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(40)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), Bodies.JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
