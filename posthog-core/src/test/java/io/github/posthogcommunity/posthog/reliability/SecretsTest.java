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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

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
    private final List<String> readable = new CopyOnWriteArrayList<>();

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
            readable.add(request.toString());
            readable.add(request.headerNames().toString());
            try {
                TransportResponse response = delegate.send(request);
                readable.add(response.toString());
                return response;
            } catch (IOException e) {
                readable.add(stackTrace(e));
                throw e;
            }
        }

        @Override
        public void close() {
            delegate.close();
        }
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
                readable.add(report.toString());
            }

            @Override
            public void onDropped(DropReport report) {
                readable.add(report.toString());
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
        readable.add(builder.toString());
        PostHogClient client = builder.build();
        readable.add(client.toString());
        for (int i = 0; i < 40; i++) {
            client.capture("u", "e" + i, Map.of("i", i));
        }
        client.capture(" ", "blank-id");
        client.capture("u", "hook-bug");
        client.capture("u", "huge", Map.of("x", "y".repeat(1024 * 1024)));
        for (int i = 0; i < 4; i++) {
            readable.add(client.flush(Duration.ofSeconds(10)).toString());
        }
        readable.add(client.stats().toString());
        server.respond(r -> new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
        client.capture("u", "stalled");
        readable.add(client.shutdown(Duration.ofMillis(500)).toString());
        readable.add(client.stats().toString());
        readable.add(client.aiStats().toString());

        PostHogClient unreachable = PostHogClient.builder(KEY).host("http://nonexistent.invalid")
                .captureProtocol(protocol).maxRetries(0).requestTimeout(Duration.ofSeconds(3)).build();
        readable.add(unreachable.toString());
        unreachable.capture("u", "e");
        readable.add(unreachable.flush().toString());
        readable.add(unreachable.shutdown(Duration.ofSeconds(1)).toString());

        try {
            PostHogClient.builder(KEY).host("not a url");
        } catch (IllegalArgumentException expected) {
            readable.add(stackTrace(expected));
        }

        assertThat(logs.records()).as("the scenario produced log output to check").hasSizeGreaterThanOrEqualTo(3);
        assertThat(readable).hasSizeGreaterThan(10);
        String logText = logs.text();
        assertThat(logText).doesNotContain(KEY).doesNotContain(KEY_TAIL);
        for (String text : readable) {
            assertThat(text).doesNotContain(KEY).doesNotContain(KEY_TAIL);
        }
    }
}
