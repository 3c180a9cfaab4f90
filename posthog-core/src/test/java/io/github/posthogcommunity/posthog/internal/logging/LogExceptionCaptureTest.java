package io.github.posthogcommunity.posthog.internal.logging;

import io.github.posthogcommunity.posthog.EventContext;
import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.PostHogContext;
import io.github.posthogcommunity.posthog.exceptions.ExceptionLevel;
import io.github.posthogcommunity.posthog.support.ClientRig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogExceptionCaptureTest {

    @RegisterExtension
    final ClientRig rig = new ClientRig();

    @AfterEach
    void clearContext() {
        PostHogContext.clear();
    }

    private List<JsonNode> sent(PostHogClient client) {
        assertThat(client.flush().completed()).isTrue();
        return rig.server.events();
    }

    private static LogCaptureSettings settings(Set<String> allowed, Set<String> excluded, String distinctIdKey) {
        return new LogCaptureSettings("test", allowed, excluded, distinctIdKey, 10, Duration.ofMinutes(1));
    }

    @Test
    void aLoggedThrowableBecomesOneExceptionEventWithTheLogDetails() {
        PostHogClient client = rig.start(rig.builder());
        LogExceptionCapture capture = new LogExceptionCapture(LogCaptureSettings.defaults("test"));
        IllegalStateException boom = new IllegalStateException("card declined");
        assertThat(capture.capture(client, new Entry("com.acme.Payments", "payment failed", boom,
                Map.of("orderId", "42")))).isNotNull();

        JsonNode event = sent(client).get(0);
        assertThat(event.get("event").asString()).isEqualTo("$exception");
        JsonNode props = event.get("properties");
        assertThat(props.get("$exception_type").asString()).isEqualTo("IllegalStateException");
        assertThat(props.get("$exception_message").asString()).isEqualTo("card declined");
        assertThat(props.get("$exception_level").asString()).isEqualTo("error");
        assertThat(props.get("$exception_source").asString()).isEqualTo("test");
        assertThat(props.get("$logger_name").asString()).isEqualTo("com.acme.Payments");
        assertThat(props.get("$thread_name").asString()).isEqualTo("worker-1");
        assertThat(props.get("$log_message").asString()).isEqualTo("payment failed");
        assertThat(props.get("$log_level").asString()).isEqualTo("ERROR");
        assertThat(props.get("orderId").asString()).isEqualTo("42");
        assertThat(props.get("$process_person_profile").asBoolean()).isFalse(); // personless
        assertThat(props.get("$exception_list").get(0).get("mechanism").get("synthetic").asBoolean()).isFalse();
        assertThat(event.get("timestamp").asString()).startsWith("2024-01-02T03:04:05");
        assertThat(capture.capturedCount()).isEqualTo(1);
    }

    @Test
    void aMessageWithoutThrowableIsASyntheticExceptionStartingAtTheLogCall() {
        PostHogClient client = rig.start(rig.builder());
        LogExceptionCapture capture = new LogExceptionCapture(LogCaptureSettings.defaults("test"));
        Entry entry = new Entry("com.acme.Payments", "gateway unreachable", null, Map.of());
        entry.level = ExceptionLevel.WARNING;
        capture.capture(client, entry);

        JsonNode props = sent(client).get(0).get("properties");
        assertThat(props.get("$exception_type").asString()).isEqualTo("LoggedMessage");
        assertThat(props.get("$exception_message").asString()).isEqualTo("gateway unreachable");
        assertThat(props.get("$exception_level").asString()).isEqualTo("warning");
        JsonNode first = props.get("$exception_list").get(0);
        assertThat(first.get("mechanism").get("synthetic").asBoolean()).isTrue();
        JsonNode frames = first.get("stacktrace").get("frames");
        JsonNode crashSite = frames.get(frames.size() - 1); // the frame of the log call, not of the SDK
        assertThat(crashSite.get("module").asString()).isEqualTo(LogExceptionCaptureTest.class.getName());
        assertThat(crashSite.get("function").asString())
                .isEqualTo("aMessageWithoutThrowableIsASyntheticExceptionStartingAtTheLogCall");
    }

    @Test
    void callerDataOfTheFrameworkIsTheSyntheticStackTrace() {
        StackTraceElement[] caller = {new StackTraceElement("com.acme.Shop", "buy", "Shop.java", 12)};
        assertThat(LogExceptionCapture.callerFrames(caller)).containsExactly(caller);
    }

    @Test
    void mdcKeysAreFilteredAndSecretsNeverSent() {
        PostHogClient client = rig.start(rig.builder());
        LogExceptionCapture capture = new LogExceptionCapture(settings(Set.of(), Set.of("email"), null));
        Map<String, String> mdc = new LinkedHashMap<>();
        mdc.put("orderId", "42");
        mdc.put("email", "a@b.c");
        mdc.put("Authorization", "Bearer x");
        mdc.put("set-cookie", "s=1");
        mdc.put("accessToken", "t");
        mdc.put("db.password", "p");
        mdc.put("client_secret", "s");
        mdc.put("X-Api-Key", "k");
        mdc.put("$set", "{}");
        mdc.put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
        mdc.put("spanId", "00f067aa0ba902b7");
        capture.capture(client, new Entry("com.acme.A", "m", new RuntimeException(), mdc));

        JsonNode props = sent(client).get(0).get("properties");
        assertThat(props.get("orderId").asString()).isEqualTo("42");
        assertThat(props.has("email")).isFalse();
        for (String secret : List.of("Authorization", "set-cookie", "accessToken", "db.password", "client_secret",
                "X-Api-Key", "$set", "traceId", "spanId")) {
            assertThat(props.has(secret)).as(secret).isFalse();
        }
        assertThat(props.toString()).doesNotContain("Bearer").doesNotContain("a@b.c");
        assertThat(props.get("$trace_id").asString()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(props.get("$span_id").asString()).isEqualTo("00f067aa0ba902b7");
    }

    @Test
    void anAllowListSendsOnlyItsKeysButNeverASecret() {
        PostHogClient client = rig.start(rig.builder());
        LogExceptionCapture capture = new LogExceptionCapture(settings(Set.of("orderId", "token"), Set.of(), null));
        capture.capture(client, new Entry("com.acme.A", "m", new RuntimeException(),
                Map.of("orderId", "42", "tenant", "t1", "token", "x", "trace_id", "abc", "span_id", "def")));

        JsonNode props = sent(client).get(0).get("properties");
        assertThat(props.get("orderId").asString()).isEqualTo("42");
        assertThat(props.has("tenant")).isFalse();
        assertThat(props.has("token")).isFalse();
        assertThat(props.get("$trace_id").asString()).isEqualTo("abc");
        assertThat(props.get("$span_id").asString()).isEqualTo("def");
    }

    @Test
    void theAmbientIdentityWinsOverTheMdcKey() {
        PostHogClient client = rig.start(rig.builder());
        LogExceptionCapture capture = new LogExceptionCapture(settings(Set.of(), Set.of(), "userId"));
        PostHogContext.set(new EventContext("ambient-user", "session-1"));
        capture.capture(client, new Entry("com.acme.A", "m", new RuntimeException(), Map.of("userId", "mdc-user")));
        PostHogContext.clear();
        capture.capture(client, new Entry("com.acme.A", "m", new RuntimeException(), Map.of("userId", "mdc-user")));

        List<JsonNode> events = sent(client);
        assertThat(events).extracting(e -> e.get("distinct_id").asString())
                .containsExactly("ambient-user", "mdc-user");
        assertThat(events.get(0).get("properties").get("$session_id").asString()).isEqualTo("session-1");
    }

    @Test
    void sdkLoggersAndLoggingDuringACaptureAreIgnored() {
        PostHogClient client = rig.start(rig.builder());
        LogExceptionCapture capture = new LogExceptionCapture(LogCaptureSettings.defaults("test"));
        assertThat(capture.capture(client, new Entry("io.github.posthogcommunity.posthog.internal.pipeline.X", "m",
                new RuntimeException(), Map.of()))).isNull();

        // Formatting the message logs an error through the same appender: that inner event is ignored.
        Object[] inner = new Object[1];
        Entry outer = new Entry("com.acme.A", null, new RuntimeException("outer"), Map.of());
        outer.message = () -> {
            assertThat(LogExceptionCapture.ignored("com.acme.B")).isTrue();
            inner[0] = capture.capture(client, new Entry("com.acme.B", "inner", new RuntimeException("inner"),
                    Map.of()));
            return "outer message";
        };
        assertThat(capture.capture(client, outer)).isNotNull();
        assertThat(inner[0]).isNull();
        assertThat(LogExceptionCapture.ignored("com.acme.B")).isFalse();
        assertThat(sent(client)).singleElement()
                .satisfies(e -> assertThat(e.get("properties").get("$exception_message").asString())
                        .isEqualTo("outer"));
    }

    @Test
    void eachExceptionTypeIsRateLimited() {
        PostHogClient client = rig.start(rig.builder());
        LogExceptionCapture capture = new LogExceptionCapture(
                new LogCaptureSettings("test", Set.of(), Set.of(), null, 2, Duration.ofMinutes(1)), () -> 0L);
        for (int i = 0; i < 3; i++) {
            capture.capture(client, new Entry("com.acme.A", "m", new IllegalStateException(), Map.of()));
        }
        capture.capture(client, new Entry("com.acme.A", "m", new IllegalArgumentException(), Map.of()));
        assertThat(sent(client)).hasSize(3);
        assertThat(capture.rateLimitedCount()).isEqualTo(1);
    }

    @Test
    void aThrowingEntryNeverReachesTheLoggingFramework() {
        PostHogClient client = rig.start(rig.builder());
        LogExceptionCapture capture = new LogExceptionCapture(LogCaptureSettings.defaults("test"));
        Entry entry = new Entry("com.acme.A", null, null, Map.of());
        entry.message = () -> {
            throw new IllegalStateException("toString failed");
        };
        assertThat(capture.capture(client, entry)).isNull();
        assertThat(capture.failedCount()).isEqualTo(1);
        assertThat(LogExceptionCapture.ignored("com.acme.A")).isFalse();
        assertThat(capture.capture(null, entry)).isNull();
        assertThat(capture.capture(PostHogClient.disabled(), entry)).isNull();
    }

    @Test
    void settingsRejectWhatCannotWork() {
        assertThat(LogCaptureSettings.split(" a, ,b ")).containsExactlyInAnyOrder("a", "b");
        assertThat(LogCaptureSettings.split(null)).isEmpty();
        assertThat(new LogCaptureSettings("t", null, null, " ", 0, Duration.ofSeconds(1)).distinctIdMdcKey()).isNull();
        assertThatThrownBy(() -> new LogCaptureSettings("t", null, null, null, -1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LogCaptureSettings("t", null, null, null, 1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A logging event as a framework adapter would present it. */
    static final class Entry implements LogEntry {
        final String logger;
        Supplier<String> message;
        final Throwable throwable;
        final Map<String, String> mdc;
        ExceptionLevel level = ExceptionLevel.ERROR;

        Entry(String logger, String message, Throwable throwable, Map<String, String> mdc) {
            this.logger = logger;
            this.message = () -> message;
            this.throwable = throwable;
            this.mdc = mdc;
        }

        @Override
        public String loggerName() {
            return logger;
        }

        @Override
        public String levelName() {
            return level == ExceptionLevel.ERROR ? "ERROR" : "WARN";
        }

        @Override
        public ExceptionLevel level() {
            return level;
        }

        @Override
        public String formattedMessage() {
            return message.get();
        }

        @Override
        public String threadName() {
            return "worker-1";
        }

        @Override
        public Throwable throwable() {
            return throwable;
        }

        @Override
        public long timestampMillis() {
            return java.time.Instant.parse("2024-01-02T03:04:05Z").toEpochMilli();
        }

        @Override
        public Map<String, String> mdc() {
            return mdc;
        }
    }
}
