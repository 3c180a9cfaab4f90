package io.github.posthogcommunity.posthog.benchmarks.sink;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoopbackSinkTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static String batch(int from, int count) {
        StringBuilder sb = new StringBuilder("{\"api_key\":\"k\",\"batch\":[");
        for (int i = from; i < from + count; i++) {
            sb.append(i > from ? "," : "").append("{\"event\":\"e\",\"distinct_id\":\"u\",\"properties\":{\"nested\":")
                    .append("{\"bench_seq\":-5},\"tags\":[1,2],\"bench_seq\":").append(i).append("}}");
        }
        return sb.append("],\"sent_at\":\"2026-01-01T00:00:00Z\"}").toString();
    }

    private HttpResponse<String> post(LoopbackSink sink, byte[] body, boolean gzip, Duration timeout) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sink.url() + "/batch/")).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (gzip) {
            b.header("Content-Encoding", "gzip");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] gzip(String s) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(out)) {
            g.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    @Test
    void countsPlainAndGzippedEventsAndDistinctOnes() throws Exception {
        try (LoopbackSink sink = LoopbackSink.start(LoopbackSink.Behaviour.fast())) {
            sink.expect(200);
            assertThat(post(sink, batch(0, 100).getBytes(StandardCharsets.UTF_8), false, Duration.ofSeconds(5))
                    .statusCode()).isEqualTo(200);
            assertThat(sink.reached99At()).isEqualTo(-1);
            assertThat(post(sink, gzip(batch(50, 150)), true, Duration.ofSeconds(5)).statusCode()).isEqualTo(200);

            assertThat(sink.eventsReceived()).isEqualTo(250);
            assertThat(sink.distinctReceived()).isEqualTo(200);
            assertThat(sink.gzipRequests()).isEqualTo(1);
            assertThat(sink.captureRequests()).isEqualTo(2);
            assertThat(sink.reachedAllAt()).isPositive();
            assertThat(sink.awaitAll(Duration.ZERO)).isTrue();
        }
    }

    @Test
    void failsTheFirstRequestsWith503ThenAccepts() throws Exception {
        try (LoopbackSink sink = LoopbackSink.start(LoopbackSink.Behaviour.failFirst(1))) {
            sink.expect(10);
            byte[] body = batch(0, 10).getBytes(StandardCharsets.UTF_8);
            assertThat(post(sink, body, false, Duration.ofSeconds(5)).statusCode()).isEqualTo(503);
            assertThat(sink.distinctReceived()).isZero();
            assertThat(post(sink, body, false, Duration.ofSeconds(5)).statusCode()).isEqualTo(200);
            assertThat(sink.distinctReceived()).isEqualTo(10);
            assertThat(sink.failedAnswers()).isEqualTo(1);
        }
    }

    @Test
    void neverAnswersInHangMode() throws Exception {
        try (LoopbackSink sink = LoopbackSink.start(LoopbackSink.Behaviour.hang())) {
            byte[] body = batch(0, 1).getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> post(sink, body, false, Duration.ofMillis(300)))
                    .isInstanceOf(HttpTimeoutException.class);
            assertThat(sink.heldRequests()).isEqualTo(1);
        }
    }

    @Test
    void answersOtherEndpointsWithEmptyJson() throws Exception {
        try (LoopbackSink sink = LoopbackSink.start(LoopbackSink.Behaviour.fast())) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(sink.url() + "/flags/?v=2"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("{}");
            assertThat(sink.otherRequests()).isEqualTo(1);
        }
    }
}
