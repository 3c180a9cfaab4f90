package io.github.posthogcommunity.posthog.spring.ai;

import io.github.posthogcommunity.posthog.Compression;
import io.github.posthogcommunity.posthog.PostHogClient;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** A local PostHog: records every request body sent to the AI lane and answers 200. */
final class PostHogServer implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String AI_PATH = "/i/v0/ai/batch/";

    private final MockWebServer server = new MockWebServer();
    private final List<String> aiBodies = new CopyOnWriteArrayList<>();
    private final List<String> otherPaths = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final AtomicInteger held = new AtomicInteger();

    PostHogServer() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                CountDownLatch current = gate;
                if (current.getCount() > 0) {
                    held.incrementAndGet();
                    current.await(); // a hung PostHog: the request stays open until released
                }
                String path = request.getUrl().encodedPath();
                if (path.equals(AI_PATH)) {
                    aiBodies.add(request.getBody() == null ? "" : request.getBody().utf8());
                } else {
                    otherPaths.add(path);
                }
                return new MockResponse.Builder().code(200).body("{\"status\":1}").build();
            }
        });
        server.start();
    }

    /** From now on, requests hang until {@link #release()}. */
    void hold() {
        gate = new CountDownLatch(1);
    }

    /** Lets every held request (and every later one) through. */
    void release() {
        gate.countDown();
    }

    /** How many requests have been held so far. */
    int heldRequests() {
        return held.get();
    }

    String url() {
        String url = server.url("/").toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** A client that sends here, uncompressed, only when flushed. */
    PostHogClient client() {
        // generous timeouts: a held request must not time out on a loaded machine
        return PostHogClient.builder("phc_test_key").host(url()).compression(Compression.NONE)
                .flushAt(1000).flushInterval(Duration.ofMinutes(10))
                .requestTimeout(Duration.ofMinutes(2)).flushTimeout(Duration.ofMinutes(3)).build();
    }

    /** Every AI-lane event received so far, in arrival order. */
    List<JsonNode> aiEvents() {
        List<JsonNode> events = new ArrayList<>();
        for (String body : aiBodies) {
            JSON.readTree(body).get("batch").forEach(events::add);
        }
        return events;
    }

    /** The raw AI-lane request bodies. */
    List<String> aiBodies() {
        return List.copyOf(aiBodies);
    }

    List<String> otherPaths() {
        return List.copyOf(otherPaths);
    }

    @Override
    public void close() {
        release();
        server.close();
    }
}
