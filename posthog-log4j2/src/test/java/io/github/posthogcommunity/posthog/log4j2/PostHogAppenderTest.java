package io.github.posthogcommunity.posthog.log4j2;

import io.github.posthogcommunity.posthog.Compression;
import io.github.posthogcommunity.posthog.EventContext;
import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.PostHogContext;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The appender as {@code log4j2-test.xml} declares it, sending to a real local HTTP server. */
class PostHogAppenderTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MockWebServer server = new MockWebServer();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final Logger log = LogManager.getLogger("com.acme.payments.PaymentService");
    private PostHogClient client;
    private PostHogAppender appender;

    @BeforeEach
    void start() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                bodies.add(request.getBody() == null ? "" : request.getBody().utf8());
                return new MockResponse.Builder().code(200).body("{\"status\":1}").build();
            }
        });
        server.start();
        client = PostHogClient.builder("phc_LoggingTestKey0123456789")
                .host("http://" + server.getHostName() + ":" + server.getPort()).compression(Compression.NONE)
                .flushAt(1000).flushInterval(Duration.ofHours(1)).build();
        appender = appender("PostHog");
        appender.setClient(client);
    }

    @AfterEach
    void stop() {
        appender.setClient(null);
        appender("PostHogWarn").setClient(null);
        PostHogAppender.setDefaultClient(null);
        ThreadContext.clearAll();
        PostHogContext.clear();
        client.close();
        server.close();
    }

    private static PostHogAppender appender(String name) {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        return context.getConfiguration().getAppender(name);
    }

    private List<JsonNode> exceptions() {
        client.flush();
        List<JsonNode> events = new ArrayList<>();
        for (String body : bodies) {
            JSON.readTree(body).path("batch").forEach(events::add);
        }
        return events;
    }

    @Test
    void theXmlAttributesConfigureIt() {
        assertThat(appender.getMinimumLevel()).isEqualTo(Level.ERROR);
        assertThat(appender("PostHogWarn").getMinimumLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void anErrorWithAThrowableIsOneExceptionEvent() {
        ThreadContext.put("orderId", "42");
        ThreadContext.put("customerEmail", "someone@example.com");
        ThreadContext.put("authorization", "Bearer do-not-send");
        log.error("payment failed for order {}", 42, new IllegalStateException("card declined"));

        List<JsonNode> events = exceptions();
        assertThat(events).hasSize(1);
        JsonNode props = events.get(0).path("properties");
        assertThat(events.get(0).path("event").asString()).isEqualTo("$exception");
        assertThat(props.path("$exception_type").asString()).isEqualTo("IllegalStateException");
        assertThat(props.path("$exception_message").asString()).isEqualTo("card declined");
        assertThat(props.path("$exception_level").asString()).isEqualTo("error");
        assertThat(props.path("$exception_source").asString()).isEqualTo("log4j2");
        assertThat(props.path("$logger_name").asString()).isEqualTo("com.acme.payments.PaymentService");
        assertThat(props.path("$log_message").asString()).isEqualTo("payment failed for order 42");
        assertThat(props.path("$log_level").asString()).isEqualTo("ERROR");
        assertThat(props.path("orderId").asString()).isEqualTo("42");
        assertThat(props.has("customerEmail")).isFalse();
        assertThat(events.get(0).toString()).doesNotContain("do-not-send");
    }

    @Test
    void fatalIsFatalAndAMessageWithoutThrowableIsSynthetic() {
        log.fatal("ledger out of balance");

        JsonNode props = exceptions().get(0).path("properties");
        assertThat(props.path("$exception_level").asString()).isEqualTo("fatal");
        assertThat(props.path("$exception_type").asString()).isEqualTo("LoggedMessage");
        JsonNode entry = props.path("$exception_list").get(0);
        assertThat(entry.path("mechanism").path("synthetic").asBoolean()).isTrue();
        JsonNode frames = entry.path("stacktrace").path("frames");
        assertThat(frames.get(frames.size() - 1).path("module").asString())
                .isEqualTo(PostHogAppenderTest.class.getName());
    }

    @Test
    void belowTheMinimumLevelNothingIsSentAndAWarnAppenderSendsWarnings() {
        log.warn("slow gateway", new IllegalStateException("slow"));
        assertThat(exceptions()).isEmpty();

        appender("PostHogWarn").setClient(client);
        LogManager.getLogger("com.acme.warnings.Gateway").warn("slow gateway");
        assertThat(exceptions()).singleElement().satisfies(e -> assertThat(
                e.path("properties").path("$exception_level").asString()).isEqualTo("warning"));
    }

    @Test
    void theAmbientIdentityThenTheMdcKeyIsTheDistinctId() {
        ThreadContext.put("userId", "mdc-user");
        PostHogContext.set(new EventContext("request-user", null));
        log.error("one", new IllegalStateException("1"));
        PostHogContext.clear();
        log.error("two", new IllegalStateException("2"));

        assertThat(exceptions()).extracting(e -> e.path("distinct_id").asString())
                .containsExactly("request-user", "mdc-user");
    }

    @Test
    void sdkLoggersAreIgnored() {
        LogManager.getLogger("io.github.posthogcommunity.posthog.Internal").error("x", new IllegalStateException());
        assertThat(exceptions()).isEmpty();
    }

    @Test
    void errorsAreRateLimitedPerType() {
        PostHogAppender limited = PostHogAppender.newBuilder().setRateLimitMaxPerType(3).build();
        limited.setClient(client);
        limited.start();
        for (int i = 0; i < 5; i++) {
            limited.append(event(new IllegalStateException("storm " + i)));
        }
        limited.append(event(new IllegalArgumentException("another type")));
        limited.stop();
        assertThat(exceptions()).hasSize(4);
        assertThat(limited.rateLimitedCount()).isEqualTo(2);
        assertThat(limited.capturedCount()).isEqualTo(4);
    }

    private static LogEvent event(Throwable thrown) {
        return Log4jLogEvent.newBuilder().setLoggerName("com.acme.payments.PaymentService").setLevel(Level.ERROR)
                .setMessage(new SimpleMessage("storm")).setThrown(thrown).build();
    }

    @Test
    void theDefaultClientIsUsedWhenTheAppenderHasNone() {
        appender.setClient(null);
        log.error("nobody to send to", new IllegalStateException("lost"));
        PostHogAppender.setDefaultClient(client);
        log.error("sent", new IllegalStateException("sent"));
        assertThat(exceptions()).singleElement().satisfies(e -> assertThat(
                e.path("properties").path("$exception_message").asString()).isEqualTo("sent"));
    }

    @Test
    void invalidAttributesBuildNoAppender() {
        assertThat(PostHogAppender.newBuilder().setMinimumLevel("LOUD").build()).isNull();
        assertThat(PostHogAppender.newBuilder().setRateLimitMaxPerType(-1).build()).isNull();
        assertThat(PostHogAppender.newBuilder().setRateLimitWindowSeconds(0).build()).isNull();
    }
}
