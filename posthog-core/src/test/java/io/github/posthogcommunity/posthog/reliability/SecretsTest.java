package io.github.posthogcommunity.posthog.reliability;

import io.github.posthogcommunity.posthog.AttemptReport;
import io.github.posthogcommunity.posthog.CaptureProtocol;
import io.github.posthogcommunity.posthog.DeliveryListener;
import io.github.posthogcommunity.posthog.DropReport;
import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.PostHogClientBuilder;
import io.github.posthogcommunity.posthog.http.HttpTransport;
import io.github.posthogcommunity.posthog.http.JdkHttpTransport;
import io.github.posthogcommunity.posthog.http.TransportRequest;
import io.github.posthogcommunity.posthog.http.TransportResponse;
import io.github.posthogcommunity.posthog.support.CaptureServer;
import io.github.posthogcommunity.posthog.support.LogCapture;
import io.github.posthogcommunity.posthog.support.TestClients;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * With logging at FINEST during every kind of failure (and a server that echoes the key back), the project API key
 * never appears in logs, exception messages or any {@code toString()} a person may read.
 */
class SecretsTest {

    private static final String KEY = TestClients.API_KEY;
    /** The part of the key a mask must never show. */
    private static final String KEY_TAIL = KEY.substring(4);

    private final CaptureServer server = new CaptureServer();
    private final LogCapture logs = new LogCapture();
    /** Readable text by where it came from: each source must have been exercised, or the check proves nothing. */
    private final Map<String, List<String>> readable = new ConcurrentHashMap<>();

    @AfterEach
    void tearDown() {
        logs.close();
        server.close();
    }

    /** Records the readable form of every request, response and transport failure. */
    private final class RecordingTransport implements HttpTransport {
        private final JdkHttpTransport delegate = new JdkHttpTransport(Duration.ofSeconds(2));

        @Override
        public TransportResponse send(TransportRequest request) throws IOException, InterruptedException {
            record("request", request.toString());
            record("request", request.headerNames().toString());
            try {
                TransportResponse response = delegate.send(request);
                record("response " + response.statusCode(), response.toString());
                return response;
            } catch (IOException e) {
                record("transport failure", stackTrace(e));
                throw e;
            }
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    private void record(String source, String text) {
        readable.computeIfAbsent(source, k -> new CopyOnWriteArrayList<>()).add(text);
    }

    private static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    @ParameterizedTest
    @EnumSource(CaptureProtocol.class)
    void theKeyNeverShowsInLogsExceptionsOrToString(CaptureProtocol protocol) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        server.respond(r -> {
            String echo = "{\"detail\":\"bad key " + KEY + "\",\"results\":{}}";
            return switch (calls.incrementAndGet() % 6) {
                case 1 -> new MockResponse.Builder().code(401).setHeader("X-Echo", KEY).body(echo).build();
                case 2 -> new MockResponse.Builder().code(503).setHeader("Retry-After", KEY).body(echo).build();
                case 3 -> new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
                case 4 -> new MockResponse.Builder().code(413).body(echo).build();
                case 5 -> new MockResponse.Builder().code(200).body(echo).build();
                default -> new MockResponse.Builder().code(500).setHeader("Location", "http://x/" + KEY).body(echo)
                        .build();
            };
        });
        DeliveryListener listener = new DeliveryListener() {
            @Override
            public void onAttempt(AttemptReport report) {
                record("attempt report", report.toString());
            }

            @Override
            public void onDropped(DropReport report) {
                record("drop report " + report.reason().wireName(), report.toString());
            }
        };
        PostHogClientBuilder builder = TestClients.builder(server).captureProtocol(protocol).maxRetries(2)
                .header("X-Custom", KEY).httpTransport(new RecordingTransport()).deliveryListener(listener)
                .beforeSend(e -> {
                    if (e.event().equals("hook-bug")) {
                        throw new IllegalStateException("hook failed");
                    }
                    return e;
                });
        record("builder", builder.toString());
        PostHogClient client = builder.build();
        record("client", client.toString());
        client.capture(" ", "blank-id");
        client.capture("u", "hook-bug");
        client.capture("u", "huge", Map.of("x", "y".repeat(1024 * 1024)));
        // one flushed batch per round; the server's answer cycles, so a few rounds see every kind of answer
        List<String> answers = List.of("response 401", "response 503", "transport failure", "response 413",
                "response 200", "response 500");
        for (int round = 0; round < 20 && !readable.keySet().containsAll(answers); round++) {
            for (int i = 0; i < 4; i++) {
                client.capture("u", "e" + i, Map.of("i", i));
            }
            record("flush result", client.flush(Duration.ofSeconds(10)).toString());
        }
        record("stats", client.stats().toString());
        // listener reports arrive on the notifier thread: wait for those the checks below need
        await().atMost(Duration.ofSeconds(10)).until(() -> readable.keySet().containsAll(List.of("attempt report",
                "drop report rejected", "drop report invalid", "drop report before_send", "drop report too_large")));
        server.respond(r -> new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
        client.capture("u", "stalled");
        record("shutdown result", client.shutdown(Duration.ofMillis(500)).toString());
        record("stats", client.stats().toString());
        record("stats", client.aiStats().toString());

        PostHogClient unreachable = PostHogClient.builder(KEY).host("http://nonexistent.invalid")
                .captureProtocol(protocol).maxRetries(0).requestTimeout(Duration.ofSeconds(3)).build();
        record("client", unreachable.toString());
        unreachable.capture("u", "e");
        record("flush result", unreachable.flush().toString());
        record("shutdown result", unreachable.shutdown(Duration.ofSeconds(1)).toString());

        Throwable invalidUrl = catchThrowable(() -> PostHogClient.builder(KEY).host("not a url"));
        assertThat(invalidUrl).as("an invalid host is refused").isInstanceOf(IllegalArgumentException.class);
        record("builder exception", stackTrace(invalidUrl));

        // Every path that could show the key was taken: requests, each kind of response, transport failures,
        // listener reports, results, and the warnings of each kind of drop.
        assertThat(readable).containsKeys("builder", "client", "request", "response 401", "response 503",
                "response 413", "response 200", "response 500", "transport failure", "attempt report",
                "drop report rejected", "drop report invalid", "drop report before_send", "drop report too_large",
                "flush result", "stats", "shutdown result", "builder exception");
        for (String warning : List.of("(invalid)", "(before_send)", "(too_large)", "(rejected)")) {
            assertThat(logs.warningsContaining(warning)).as("warnings " + warning).isPositive();
        }
        String logText = logs.text();
        assertThat(logText).doesNotContain(KEY).doesNotContain(KEY_TAIL);
        readable.forEach((source, texts) -> assertThat(texts).as(source)
                .allSatisfy(text -> assertThat(text).doesNotContain(KEY).doesNotContain(KEY_TAIL)));
    }
}
