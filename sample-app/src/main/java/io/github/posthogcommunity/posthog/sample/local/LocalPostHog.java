package io.github.posthogcommunity.posthog.sample.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.springframework.beans.factory.DisposableBean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * A local stand-in for PostHog's ingestion, in the same process, on loopback: accepts {@code /batch/},
 * {@code /i/v1/analytics/events}, {@code /i/v0/ai/batch/} and {@code /flags/}, decompresses gzip and deflate,
 * and keeps the last {@value #KEEP} events in memory. It is a demo aid, not a PostHog implementation.
 */
public final class LocalPostHog implements DisposableBean {

    static final int KEEP = 10_000;
    private static final System.Logger LOG = System.getLogger(LocalPostHog.class.getName());

    /** One event as it arrived. */
    public record Received(String endpoint, Instant receivedAt, JsonNode event) {
    }

    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpServer server;
    private final ExecutorService executor;
    private final Deque<Received> events = new ArrayDeque<>();
    private final AtomicLong total = new AtomicLong();
    private final LocalFlags flags = new LocalFlags();

    private LocalPostHog(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts on a free loopback port. */
    public static LocalPostHog start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "local-posthog");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        LocalPostHog local = new LocalPostHog(server, executor);
        server.createContext("/", local::handle);
        server.start();
        LOG.log(System.Logger.Level.INFO, "Local PostHog listening on {0}; events at GET /local-posthog/events",
                local.baseUrl());
        return local;
    }

    /** The URL to use as {@code posthog.host}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The events kept, oldest first. */
    public synchronized List<Received> events() {
        return new ArrayList<>(events);
    }

    /** Every event received since start, including those no longer kept. */
    public long totalReceived() {
        return total.get();
    }

    @Override
    public void destroy() {
        server.stop(0);
        executor.shutdownNow();
        LOG.log(System.Logger.Level.INFO, "Local PostHog stopped after receiving {0} event(s)", total.get());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!"POST".equals(exchange.getRequestMethod())) {
                reply(exchange, 405, "{\"error\":\"POST only\"}");
                return;
            }
            byte[] body = decode(exchange);
            JsonNode request = json.readTree(body);
            switch (path) {
                case "/batch/", "/i/v0/ai/batch/" -> {
                    store(path, request);
                    reply(exchange, 200, "{\"status\":1}");
                }
                case "/i/v1/analytics/events" -> {
                    store(path, request);
                    reply(exchange, 200, v1Results(request));
                }
                case "/flags/" -> reply(exchange, 200, flags.answer(request));
                default -> reply(exchange, 404, "{\"error\":\"unknown endpoint\"}");
            }
        } catch (RuntimeException | IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Local PostHog could not handle a request: {0}", e.toString());
        }
    }

    private synchronized void store(String endpoint, JsonNode request) {
        Instant now = Instant.now();
        for (JsonNode event : request.path("batch")) {
            if (events.size() == KEEP) {
                events.removeFirst();
            }
            events.addLast(new Received(endpoint, now, event));
            total.incrementAndGet();
        }
    }

    private String v1Results(JsonNode request) {
        StringBuilder out = new StringBuilder("{\"results\":{");
        boolean first = true;
        for (JsonNode event : request.path("batch")) {
            if (!first) {
                out.append(',');
            }
            first = false;
            out.append('"').append(event.path("uuid").asString()).append("\":{\"result\":\"ok\"}");
        }
        return out.append("}}").toString();
    }

    private static byte[] decode(HttpExchange exchange) throws IOException {
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        byte[] raw = exchange.getRequestBody().readAllBytes();
        if (encoding == null) {
            return raw;
        }
        try (InputStream in = "gzip".equalsIgnoreCase(encoding)
                ? new GZIPInputStream(new ByteArrayInputStream(raw))
                : new InflaterInputStream(new ByteArrayInputStream(raw))) {
            return in.readAllBytes();
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
