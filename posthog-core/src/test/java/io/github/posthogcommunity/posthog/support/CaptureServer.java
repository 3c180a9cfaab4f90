package io.github.posthogcommunity.posthog.support;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * A real local HTTP server that records every capture request (headers and decoded JSON body) and answers with a
 * test-chosen response per request (200 by default).
 */
public final class CaptureServer implements AutoCloseable {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final MockWebServer server = new MockWebServer();
    private final List<Received> requests = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Received> arrivals = new LinkedBlockingQueue<>();
    private volatile Function<Received, MockResponse> responder = r -> ok();
    private volatile boolean recording = true;

    /** One request as the server saw it. */
    public record Received(RecordedRequest raw, byte[] body, JsonNode json, long receivedNanos) {

        public String header(String name) {
            return raw.getHeaders().get(name);
        }

        public List<JsonNode> events() {
            List<JsonNode> events = new ArrayList<>();
            json.get("batch").forEach(events::add);
            return events;
        }

        public List<String> uuids() {
            return events().stream().map(e -> e.get("uuid").asString()).toList();
        }
    }

    public CaptureServer() {
        this(null);
    }

    /** A server whose listening socket comes from {@code sockets} (for example to count connections). */
    public CaptureServer(javax.net.ServerSocketFactory sockets) {
        if (sockets != null) {
            server.setServerSocketFactory(sockets);
        }
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                Received received = decode(request);
                if (recording) {
                    requests.add(received);
                    arrivals.add(received);
                } else {
                    // MockWebServer queues every request for takeRequest(): discard them too
                    while (server.takeRequest(0, TimeUnit.NANOSECONDS) != null) {
                        // drained
                    }
                }
                return responder.apply(received);
            }
        });
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static MockResponse ok() {
        return new MockResponse.Builder().code(200).body("{\"status\":1}").build();
    }

    public static MockResponse status(int code) {
        return new MockResponse.Builder().code(code).body("{}").build();
    }

    public static MockResponse status(int code, String retryAfter) {
        return new MockResponse.Builder().code(code).setHeader("Retry-After", retryAfter).body("{}").build();
    }

    /** A capture v1 answer: {@code {"results": {uuid: {"result": r}}}} with one result per uuid, in order. */
    public static MockResponse v1Results(List<String> uuids, List<String> results) {
        StringBuilder body = new StringBuilder("{\"results\":{");
        for (int i = 0; i < uuids.size(); i++) {
            if (i > 0) {
                body.append(',');
            }
            body.append('"').append(uuids.get(i)).append("\":{\"result\":\"").append(results.get(i)).append("\"}");
        }
        return new MockResponse.Builder().code(200).body(body.append("}}").toString()).build();
    }

    /** Answers every request with {@code responder(request)}; may block to stall that one connection. */
    public void respond(Function<Received, MockResponse> value) {
        this.responder = value;
    }

    /** {@code false}: answer without keeping requests (long soaks must not grow the heap themselves). */
    public void recording(boolean value) {
        this.recording = value;
    }

    /** The base URL to configure as the client's host. */
    public String host() {
        String url = server.url("").toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public int port() {
        return server.getPort();
    }

    public List<Received> requests() {
        return List.copyOf(requests);
    }

    public int requestCount() {
        return requests.size();
    }

    /** Every event of every request, in arrival order. */
    public List<JsonNode> events() {
        List<JsonNode> all = new ArrayList<>();
        for (Received r : requests) {
            all.addAll(r.events());
        }
        return all;
    }

    /** Waits for the next request not yet taken. */
    public Received take(Duration timeout) throws InterruptedException {
        Received r = arrivals.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (r == null) {
            throw new AssertionError("no request arrived within " + timeout);
        }
        return r;
    }

    /** The next request not yet taken, or {@code null} if none arrives within {@code timeout}. */
    public Received poll(Duration timeout) throws InterruptedException {
        return arrivals.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        server.close();
    }

    private static Received decode(RecordedRequest request) {
        byte[] body = request.getBody() == null ? new byte[0] : request.getBody().toByteArray();
        String encoding = request.getHeaders().get("Content-Encoding");
        if (encoding != null) {
            ByteArrayInputStream raw = new ByteArrayInputStream(body);
            try (InputStream in = switch (encoding.toLowerCase(java.util.Locale.ROOT)) {
                case "gzip" -> new GZIPInputStream(raw);
                case "zstd" -> new com.github.luben.zstd.ZstdInputStream(raw);
                default -> new InflaterInputStream(raw);
            }) {
                body = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        JsonNode json = body.length == 0 ? null : JSON.readTree(body);
        return new Received(request, body, json, System.nanoTime());
    }
}
