package io.github.posthogcommunity.posthog.logback;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.github.posthogcommunity.posthog.EventContext;
import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.PostHogContext;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The appender alone, on the test JVM's Logback context, sending to a real local HTTP server. */
class PostHogAppenderTest {

    @RegisterExtension
    final CapturingServer server = new CapturingServer();

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Logger log = context.getLogger("com.acme.payments.PaymentService");
    private final Logger parent = context.getLogger("com.acme");
    private final List<PostHogAppender> appenders = new ArrayList<>();
    private final List<PostHogClient> clients = new ArrayList<>();

    private PostHogClient client() {
        PostHogClient client = server.client();
        clients.add(client);
        return client;
    }

    private PostHogAppender attach(PostHogAppender appender) {
        appender.setContext(context);
        appender.start();
        parent.addAppender(appender);
        appenders.add(appender);
        return appender;
    }

    private PostHogAppender attach(PostHogClient client) {
        PostHogAppender appender = new PostHogAppender();
        appender.setClient(client);
        return attach(appender);
    }

    @AfterEach
    void detach() {
        appenders.forEach(a -> {
            parent.detachAppender(a);
            a.stop();
        });
        clients.forEach(PostHogClient::close);
        MDC.clear();
        PostHogContext.clear();
        PostHogAppender.setDefaultClient(null);
    }

    @Test
    void anErrorWithAThrowableIsOneExceptionEvent() {
        PostHogClient client = client();
        PostHogAppender appender = new PostHogAppender();
        appender.setClient(client);
        appender.setMdcKeys("orderId, tenant");
        attach(appender);
        MDC.put("orderId", "42");
        MDC.put("email", "someone@example.com");
        MDC.put("authorization", "Bearer secret-value");
        log.error("payment failed for order {}", 42, new IllegalStateException("card declined"));

        List<JsonNode> events = server.exceptions(client);
        assertThat(events).hasSize(1);
        JsonNode props = events.get(0).path("properties");
        assertThat(props.path("$exception_type").asString()).isEqualTo("IllegalStateException");
        assertThat(props.path("$exception_message").asString()).isEqualTo("card declined");
        assertThat(props.path("$exception_level").asString()).isEqualTo("error");
        assertThat(props.path("$exception_list").get(0).path("mechanism").path("synthetic").asBoolean()).isFalse();
        assertThat(props.path("$exception_source").asString()).isEqualTo("logback");
        assertThat(props.path("$logger_name").asString()).isEqualTo("com.acme.payments.PaymentService");
        assertThat(props.path("$thread_name").asString()).isEqualTo(Thread.currentThread().getName());
        assertThat(props.path("$log_message").asString()).isEqualTo("payment failed for order 42");
        assertThat(props.path("$log_level").asString()).isEqualTo("ERROR");
        assertThat(props.path("orderId").asString()).isEqualTo("42");
        assertThat(props.has("email")).isFalse();
        assertThat(props.toString()).doesNotContain("secret-value");
        assertThat(appender.capturedCount()).isEqualTo(1);
    }

    @Test
    void belowTheMinimumLevelNothingIsSent() {
        PostHogClient client = client();
        attach(client);
        log.warn("slow payment gateway", new IllegalStateException("slow"));
        log.info("fine");
        assertThat(server.exceptions(client)).isEmpty();
    }

    @Test
    void aWarningWithoutThrowableIsASyntheticExceptionAtTheLogCall() {
        PostHogClient client = client();
        PostHogAppender appender = new PostHogAppender();
        appender.setClient(client);
        appender.setMinimumLevel("WARN");
        attach(appender);
        log.warn("gateway answered {} slowly", "acme-pay");

        JsonNode props = server.exceptions(client).get(0).path("properties");
        assertThat(props.path("$exception_type").asString()).isEqualTo("LoggedMessage");
        assertThat(props.path("$exception_message").asString()).isEqualTo("gateway answered acme-pay slowly");
        assertThat(props.path("$exception_level").asString()).isEqualTo("warning");
        JsonNode entry = props.path("$exception_list").get(0);
        assertThat(entry.path("mechanism").path("synthetic").asBoolean()).isTrue();
        JsonNode frames = entry.path("stacktrace").path("frames");
        JsonNode crashSite = frames.get(frames.size() - 1);
        assertThat(crashSite.path("module").asString()).isEqualTo(PostHogAppenderTest.class.getName());
        assertThat(crashSite.path("function").asString()).isEqualTo("aWarningWithoutThrowableIsASyntheticExceptionAtTheLogCall");
    }

    @Test
    void theAmbientIdentityThenTheMdcKeyThenNobodyIsTheDistinctId() {
        PostHogClient client = client();
        PostHogAppender appender = new PostHogAppender();
        appender.setClient(client);
        appender.setDistinctIdMdcKey("userId");
        attach(appender);
        MDC.put("userId", "mdc-user");
        PostHogContext.set(new EventContext("request-user", null));
        log.error("one", new IllegalStateException("1"));
        PostHogContext.clear();
        log.error("two", new IllegalStateException("2"));
        MDC.clear();
        log.error("three", new IllegalStateException("3"));

        List<JsonNode> events = server.exceptions(client);
        assertThat(events).extracting(e -> e.path("distinct_id").asString()).startsWith("request-user", "mdc-user");
        assertThat(events.get(2).path("properties").path("$process_person_profile").asBoolean(true)).isFalse();
    }

    @Test
    void theSdkOwnLoggersAreIgnored() {
        PostHogClient client = client();
        PostHogAppender appender = attach(client);
        context.getLogger("io.github.posthogcommunity.posthog").addAppender(appender);
        try {
            context.getLogger("io.github.posthogcommunity.posthog.internal.pipeline.Dispatcher")
                    .error("send failed", new IllegalStateException("x"));
        } finally {
            context.getLogger("io.github.posthogcommunity.posthog").detachAppender(appender);
        }
        assertThat(server.exceptions(client)).isEmpty();
    }

    @Test
    void loggingWhileTheAppenderRunsDoesNotLoop() {
        PostHogClient client = client();
        attach(client);
        Object loggingArgument = new Object() {
            @Override
            public String toString() {
                log.error("logged while formatting", new IllegalArgumentException("inner"));
                return "42";
            }
        };
        log.error("payment failed for order {}", loggingArgument, new IllegalStateException("outer"));

        assertThat(server.exceptions(client)).singleElement()
                .satisfies(e -> assertThat(e.path("properties").path("$exception_message").asString())
                        .isEqualTo("outer"));
    }

    @Test
    void eachExceptionTypeIsRateLimited() {
        PostHogClient client = client();
        PostHogAppender appender = new PostHogAppender();
        appender.setClient(client);
        appender.setRateLimitMaxPerType(2);
        attach(appender);
        for (int i = 0; i < 5; i++) {
            log.error("failed", new IllegalStateException("again"));
        }
        log.error("other", new IllegalArgumentException("different type"));
        assertThat(server.exceptions(client)).hasSize(3);
        assertThat(appender.rateLimitedCount()).isEqualTo(3);
    }

    @Test
    void twoPostHogAppendersOnTheChainSendOneEvent() {
        PostHogClient client = client();
        attach(client);
        PostHogAppender second = new PostHogAppender();
        second.setClient(client);
        second.setContext(context);
        second.start();
        log.addAppender(second);
        try {
            log.error("without throwable, so the client cannot tell the two apart");
        } finally {
            log.detachAppender(second);
            second.stop();
        }
        assertThat(server.exceptions(client)).hasSize(1);
    }

    @Test
    void anAppenderWithoutClientUsesTheDefaultAndWithNeitherSendsNothing() {
        PostHogAppender appender = attach(new PostHogAppender());
        log.error("nobody to send to", new IllegalStateException("lost"));

        PostHogClient client = client();
        PostHogAppender.setDefaultClient(client);
        log.error("sent with the default client", new IllegalStateException("sent"));
        PostHogAppender.clearDefaultClient(server.client());
        assertThat(PostHogAppender.getDefaultClient()).isSameAs(client);

        assertThat(server.exceptions(client)).singleElement()
                .satisfies(e -> assertThat(e.path("properties").path("$exception_message").asString())
                        .isEqualTo("sent"));
        assertThat(appender.capturedCount()).isEqualTo(1);
    }

    @Test
    void anInvalidConfigurationDoesNotStart() {
        PostHogAppender appender = new PostHogAppender();
        appender.setContext(context);
        appender.setRateLimitMaxPerType(-1);
        appender.setMinimumLevel("LOUD");
        appender.start();
        assertThat(appender.isStarted()).isFalse();
        assertThat(appender.getMinimumLevel()).isEqualTo("ERROR");
    }
}
