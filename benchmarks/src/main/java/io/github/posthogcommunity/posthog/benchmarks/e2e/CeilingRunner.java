package io.github.posthogcommunity.posthog.benchmarks.e2e;

import io.github.posthogcommunity.posthog.benchmarks.Workload;
import io.github.posthogcommunity.posthog.benchmarks.sink.LoopbackSink;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The machine's delivery ceiling: a raw {@link HttpClient} posting pre-built gzip bodies of 100 events (the same
 * sink, the same event shape as the end-to-end fast scenario) from N threads, with nothing of an SDK in between. No
 * SDK can deliver faster on this machine: what it costs beyond this is its own overhead.
 * {@code java -jar posthog-benchmarks.jar ceiling [events] [threads]}.
 */
public final class CeilingRunner {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CeilingRunner() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int batch = 100;
        List<byte[]> bodies = new ArrayList<>();
        for (int first = 0; first < events; first += batch) {
            bodies.add(gzip(body(first, Math.min(batch, events - first))));
        }
        try (LoopbackSink sink = LoopbackSink.start(LoopbackSink.Behaviour.fast())) {
            sink.expect(events);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI uri = URI.create(sink.url() + "/batch/");
            AtomicInteger next = new AtomicInteger();
            long cpu0 = ProcessCpu.nanos();
            long t0 = System.nanoTime();
            List<Thread> posters = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread poster = new Thread(() -> {
                    for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
                        post(http, uri, bodies.get(i));
                    }
                }, "ceiling-" + t);
                poster.start();
                posters.add(poster);
            }
            for (Thread poster : posters) {
                poster.join();
            }
            boolean all = sink.awaitAll(Duration.ofSeconds(60));
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpu = (ProcessCpu.nanos() - cpu0) / 1e9;
            System.out.printf(Locale.ROOT, "ceiling: %d events in %d requests from %d threads, %s: %.0f delivered ev/s, "
                            + "%.2f CPU s per 100k events (process, sink included)%n", events, bodies.size(), threads,
                    all ? "all delivered" : "NOT all delivered", sink.distinctReceived() / seconds,
                    cpu * 100_000 / Math.max(1, sink.distinctReceived()));
        }
    }

    private static void post(HttpClient http, URI uri, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A v0 body of the end-to-end workload's events ({@link Workload}), serialized with Jackson's streaming API. */
    private static byte[] body(int first, int count) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(count * 512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringProperty("api_key", "phc_ceiling");
            g.writeArrayPropertyStart("batch");
            for (int i = first; i < first + count; i++) {
                g.writeStartObject();
                g.writeStringProperty("event", Workload.EVENT);
                g.writeStringProperty("distinct_id", Workload.distinctId(0, i));
                g.writeStringProperty("uuid", new UUID(0x0190_0000_0000_7000L, i).toString());
                g.writeStringProperty("timestamp", "2026-11-22T12:00:00.123Z");
                g.writeName("properties");
                g.writePOJO(Workload.properties(i));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringProperty("sent_at", "2026-11-22T12:00:00.123Z");
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4);
        try (GZIPOutputStream gz = new GZIPOutputStream(out) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            gz.write(body);
        }
        return out.toByteArray();
    }
}
