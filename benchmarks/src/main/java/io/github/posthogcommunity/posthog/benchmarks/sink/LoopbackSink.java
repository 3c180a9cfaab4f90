package io.github.posthogcommunity.posthog.benchmarks.sink;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.zip.GZIPInputStream;

/**
 * A PostHog capture endpoint on loopback (127.0.0.1, ephemeral port) for benchmarks: it gunzips, counts the events
 * of every {@code {"batch": [...]}} body (and, when events carry a numeric {@code bench_seq} property, which
 * distinct ones arrived and when the 99 % and 100 % marks were reached), and answers 200. Behaviours:
 * a delay before every answer, 503 to the first N requests, or never answering (the request is read and held
 * until the sink closes). Any other request (feature flags, remote config) gets 200 {@code {}}.
 *
 * <p>Bounded: a held request is released when the sink closes, at the latest after {@link #MAX_HOLD}.
 */
public final class LoopbackSink implements AutoCloseable {

    /** The longest a never-answer request is held if nobody closes the sink. */
    public static final Duration MAX_HOLD = Duration.ofMinutes(3);

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final byte[] OK_BODY = "{\"status\":1}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY_JSON = "{}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] UNAVAILABLE_BODY = "{\"error\":\"unavailable\"}".getBytes(StandardCharsets.US_ASCII);

    static {
        // The JDK server reads this once, when its first instance is created: disable Nagle on accepted sockets.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** How the sink answers. */
    public record Behaviour(Duration delay, int failFirst, Integer retryAfterSeconds, boolean neverAnswer) {

        public static Behaviour fast() {
            return new Behaviour(Duration.ZERO, 0, null, false);
        }

        public static Behaviour delayed(Duration delay) {
            return new Behaviour(delay, 0, null, false);
        }

        public static Behaviour failFirst(int requests) {
            return new Behaviour(Duration.ZERO, requests, null, false);
        }

        public static Behaviour hang() {
            return new Behaviour(Duration.ZERO, 0, null, true);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Behaviour behaviour;
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicInteger captureRequests = new AtomicInteger();
    private final AtomicInteger otherRequests = new AtomicInteger();
    private final AtomicInteger failedAnswers = new AtomicInteger();
    private final AtomicInteger gzipRequests = new AtomicInteger();
    private final AtomicInteger heldRequests = new AtomicInteger();
    private final AtomicInteger malformedRequests = new AtomicInteger();
    private final AtomicLong eventsReceived = new AtomicLong();
    private final AtomicLong wireBytes = new AtomicLong();
    private final Object progressLock = new Object();
    private volatile Tracking tracking = new Tracking(0);
    private volatile java.nio.file.Path firstBodyFile;

    private LoopbackSink(Behaviour behaviour) throws IOException {
        this.behaviour = behaviour;
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "loopback-sink");
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Starts a sink on a fresh ephemeral loopback port. */
    public static LoopbackSink start(Behaviour behaviour) throws IOException {
        return new LoopbackSink(behaviour);
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Expects events numbered {@code 0 .. expected-1} (property {@code bench_seq}) from now on: resets the distinct
     * count and the 99 % / 100 % marks. Call before the subject captures.
     */
    public void expect(int expected) {
        synchronized (progressLock) {
            tracking = new Tracking(expected);
        }
    }

    /** Writes the first accepted capture body (decompressed) to {@code file}, for checking what an SDK sends. */
    public void dumpFirstBody(java.nio.file.Path file) {
        this.firstBodyFile = file;
    }

    /** Events in capture bodies, counting duplicates. */
    public long eventsReceived() {
        return eventsReceived.get();
    }

    /** Distinct expected events received. */
    public long distinctReceived() {
        return tracking.distinct;
    }

    /** {@link System#nanoTime()} when 99 % of the expected events had arrived, or -1. */
    public long reached99At() {
        return tracking.at99;
    }

    /** {@link System#nanoTime()} when every expected event had arrived, or -1. */
    public long reachedAllAt() {
        return tracking.atAll;
    }

    /** {@link System#nanoTime()} of the first expected event, or -1. */
    public long firstEventAt() {
        return tracking.firstAt;
    }

    /** {@link System#nanoTime()} of the last new distinct event, or -1. */
    public long lastNewEventAt() {
        return tracking.lastNewAt;
    }

    public int captureRequests() {
        return captureRequests.get();
    }

    public int otherRequests() {
        return otherRequests.get();
    }

    public int failedAnswers() {
        return failedAnswers.get();
    }

    public int gzipRequests() {
        return gzipRequests.get();
    }

    public int malformedRequests() {
        return malformedRequests.get();
    }

    public int heldRequests() {
        return heldRequests.get();
    }

    /** Request body bytes as received (compressed when the client compressed). */
    public long wireBytes() {
        return wireBytes.get();
    }

    /** Waits until every expected event arrived, at most {@code timeout}; true when they did. */
    public boolean awaitAll(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (tracking.atAll < 0) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            boolean capture = "POST".equals(exchange.getRequestMethod()) && isCapturePath(exchange.getRequestURI().getPath());
            if (!capture) {
                otherRequests.incrementAndGet();
                reply(exchange, 200, EMPTY_JSON);
                return;
            }
            int number = captureRequests.incrementAndGet();
            wireBytes.addAndGet(raw.length);
            if (behaviour.neverAnswer()) {
                heldRequests.incrementAndGet();
                try {
                    released.await(MAX_HOLD.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return; // closing the exchange without a response drops the connection
            }
            if (!behaviour.delay().isZero()) {
                sleep(behaviour.delay());
            }
            if (number <= behaviour.failFirst()) {
                failedAnswers.incrementAndGet();
                if (behaviour.retryAfterSeconds() != null) {
                    exchange.getResponseHeaders().add("Retry-After", behaviour.retryAfterSeconds().toString());
                }
                reply(exchange, 503, UNAVAILABLE_BODY);
                return;
            }
            String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
            boolean gzip = encoding != null && encoding.toLowerCase().contains("gzip");
            if (gzip) {
                gzipRequests.incrementAndGet();
            }
            try {
                byte[] body = gzip ? gunzip(raw) : raw;
                java.nio.file.Path dump = firstBodyFile;
                if (dump != null) {
                    firstBodyFile = null;
                    java.nio.file.Files.write(dump, body);
                }
                count(body);
            } catch (IOException | RuntimeException e) {
                malformedRequests.incrementAndGet();
                reply(exchange, 400, "{\"error\":\"malformed\"}".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            reply(exchange, 200, OK_BODY);
        }
    }

    private static boolean isCapturePath(String path) {
        return path.startsWith("/batch") || path.startsWith("/capture") || path.startsWith("/e/")
                || path.startsWith("/i/v0/e") || path.startsWith("/i/v1/");
    }

    private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis(), delay.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static byte[] gunzip(byte[] raw) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw), 8192)) {
            return in.readAllBytes();
        }
    }

    /** Counts the events of a capture body: the elements of its top-level {@code batch} array. */
    void count(byte[] body) {
        long events = 0;
        long[] seqs = new long[128];
        int seqCount = 0;
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("body is not a JSON object");
            }
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("batch".equals(name) && value == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        events++;
                        long seq = eventSeq(p);
                        if (seq >= 0) {
                            if (seqCount == seqs.length) {
                                seqs = java.util.Arrays.copyOf(seqs, seqCount * 2);
                            }
                            seqs[seqCount++] = seq;
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        eventsReceived.addAndGet(events);
        Tracking t = tracking;
        t.record(seqs, seqCount);
    }

    /** Reads one event object (the parser is on its START_OBJECT) and returns its {@code bench_seq} or -1. */
    private static long eventSeq(JsonParser p) {
        long seq = -1;
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if ("properties".equals(name) && value == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    String prop = p.currentName();
                    JsonToken v = p.nextToken();
                    if ("bench_seq".equals(prop) && (v == JsonToken.VALUE_NUMBER_INT)) {
                        seq = p.getLongValue();
                    } else {
                        p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
        }
        return seq;
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    /** Distinct-event bookkeeping for one expectation. */
    private static final class Tracking {
        private final int expected;
        private final AtomicLongArray seen;
        private final long mark99;
        private volatile long distinct;
        private volatile long at99 = -1;
        private volatile long atAll = -1;
        private volatile long lastNewAt = -1;
        private volatile long firstAt = -1;

        Tracking(int expected) {
            this.expected = expected;
            this.seen = new AtomicLongArray(Math.max(1, (expected + 63) / 64));
            this.mark99 = (long) Math.ceil(expected * 0.99);
        }

        void record(long[] seqs, int count) {
            int fresh = 0;
            for (int i = 0; i < count; i++) {
                long seq = seqs[i];
                if (seq < 0 || seq >= expected) {
                    continue;
                }
                int word = (int) (seq >>> 6);
                long bit = 1L << (seq & 63);
                long old;
                do {
                    old = seen.get(word);
                    if ((old & bit) != 0) {
                        break;
                    }
                } while (!seen.compareAndSet(word, old, old | bit));
                if ((old & bit) == 0) {
                    fresh++;
                }
            }
            if (fresh == 0) {
                return;
            }
            long now = System.nanoTime();
            synchronized (this) {
                long total = distinct + fresh;
                distinct = total;
                lastNewAt = now;
                if (firstAt < 0) {
                    firstAt = now;
                }
                if (at99 < 0 && total >= mark99) {
                    at99 = now;
                }
                if (atAll < 0 && total >= expected) {
                    atAll = now;
                }
            }
        }
    }
}
