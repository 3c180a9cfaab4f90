package io.github.posthogcommunity.posthog.logback.autoconfigure;

import ch.qos.logback.classic.LoggerContext;
import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.logback.CapturingServer;
import io.github.posthogcommunity.posthog.logback.PostHogAppender;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Logged errors of a real Boot application on Tomcat, sent to a real local HTTP server. */
class LogbackCaptureIntegrationTests {

    @RegisterExtension
    final CapturingServer posthog = new CapturingServer();

    private ConfigurableApplicationContext start(String... extra) {
        return start(new Class<?>[] {LoggingTestApplication.class}, extra);
    }

    private ConfigurableApplicationContext start(Class<?>[] sources, String... extra) {
        return new SpringApplicationBuilder(sources).registerShutdownHook(false)
                .properties("server.port=0", "spring.main.banner-mode=off",
                        "posthog.api-key=phc_LoggingTestKey0123456789", "posthog.host=" + posthog.host(),
                        "posthog.compression=none", "posthog.flush-at=1000", "posthog.flush-interval=1h",
                        "posthog.logging.enabled=true", "posthog.logging.mdc-keys=orderId,authorization")
                .properties(extra).run();
    }

    private static HttpResponse<String> get(ConfigurableApplicationContext context, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:"
                        + context.getEnvironment().getProperty("local.server.port") + path))
                .timeout(Duration.ofSeconds(60)).header("X-POSTHOG-DISTINCT-ID", "visitor-7").build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private List<JsonNode> exceptions(ConfigurableApplicationContext context) {
        return posthog.exceptions(context.getBean(PostHogClient.class));
    }

    @Test
    void anErrorLoggedInARequestHandlerIsOneEventOfTheRequestsPerson() throws Exception {
        try (ConfigurableApplicationContext context = start()) {
            assertThat(get(context, "/orders/42/pay").body()).isEqualTo("failed");

            List<JsonNode> events = exceptions(context);
            assertThat(events).hasSize(1);
            JsonNode event = events.get(0);
            System.out.println("logged $exception event: " + event);
            assertThat(event.path("distinct_id").asString()).isEqualTo("visitor-7");
            JsonNode props = event.path("properties");
            assertThat(props.path("$exception_level").asString()).isEqualTo("error");
            assertThat(props.path("$exception_type").asString()).isEqualTo("IllegalStateException");
            assertThat(props.path("$exception_message").asString()).isEqualTo("card declined");
            JsonNode first = props.path("$exception_list").get(0);
            assertThat(first.path("type").asString()).isEqualTo("IllegalStateException");
            assertThat(first.path("stacktrace").path("frames").size()).isPositive();
            assertThat(props.path("$log_message").asString()).isEqualTo("payment failed");
            assertThat(props.path("$logger_name").asString()).isEqualTo(LoggingTestApplication.PaymentController.LOGGER);
            assertThat(props.path("orderId").asString()).isEqualTo("42");
            assertThat(props.has("customerEmail")).isFalse(); // not in posthog.logging.mdc-keys
            assertThat(props.has("authorization")).isFalse(); // listed, but a secret
            assertThat(event.toString()).doesNotContain("do-not-send");
        }
    }

    @Test
    void anUncaughtExceptionWithExceptionAutocaptureAndTheAppenderIsOneEvent() throws Exception {
        try (ConfigurableApplicationContext context = start("posthog.exception-autocapture.enabled=true")) {
            assertThat(get(context, "/orders/42/crash").statusCode()).isEqualTo(500);

            List<JsonNode> events = exceptions(context);
            assertThat(events).hasSize(1);
            assertThat(events.get(0).path("distinct_id").asString()).isEqualTo("visitor-7");
            assertThat(events.get(0).path("properties").path("$exception_message").asString())
                    .isEqualTo("payment failed for order 42");
        }
    }

    @Test
    void anUncaughtExceptionIsReportedByTheContainersLogWhenAutocaptureIsOff() throws Exception {
        try (ConfigurableApplicationContext context = start()) {
            assertThat(get(context, "/orders/42/crash").statusCode()).isEqualTo(500);

            // The container logs the root cause of the failed request once.
            List<JsonNode> events = exceptions(context);
            assertThat(events).hasSize(1);
            assertThat(events.get(0).path("properties").path("$exception_source").asString()).isEqualTo("logback");
        }
    }

    @Test
    void aWarningWithTheMinimumLevelAtErrorIsNotSent() throws Exception {
        try (ConfigurableApplicationContext context = start()) {
            assertThat(get(context, "/orders/42/slow").body()).isEqualTo("slow");
            assertThat(exceptions(context)).isEmpty();
        }
    }

    @Test
    void theAppenderLoggingThroughItselfDoesNotLoop() throws Exception {
        try (ConfigurableApplicationContext context = start(
                new Class<?>[] {LoggingTestApplication.class, SelfLoggingHookConfiguration.class},
                "posthog.logging.minimum-level=warn", "posthog.logging.rate-limit.max-per-type=1")) {
            assertThat(get(context, "/orders/42/storm").body()).isEqualTo("storm");

            // The first error is sent; the error the before-send hook logs while it is captured is ignored; the
            // next two are refused by the rate limit, whose warning (an SDK logger) is not sent either.
            List<JsonNode> events = exceptions(context);
            assertThat(events).singleElement().satisfies(e -> assertThat(
                    e.path("properties").path("$exception_message").asString()).isEqualTo("storm 0"));
        }
    }

    @Test
    void theAppenderIsAttachedAgainAfterALogbackResetAndDetachedOnClose() throws Exception {
        LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger root = logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        PostHogAppender attached;
        try (ConfigurableApplicationContext context = start()) {
            attached = context.getBean(PostHogLogbackAttacher.class).attached();
            assertThat(attached).isNotNull();
            assertThat(root.isAttached(attached)).isTrue();
            assertThat(PostHogAppender.getDefaultClient()).isSameAs(context.getBean(PostHogClient.class));

            logback.reset(); // what a reload of the configuration file does first

            assertThat(root.isAttached(attached)).isTrue();
            assertThat(attached.isStarted()).isTrue();
            assertThat(get(context, "/orders/42/pay").body()).isEqualTo("failed");
            assertThat(exceptions(context)).hasSize(1);
        }
        assertThat(root.isAttached(attached)).isFalse();
        assertThat(PostHogAppender.getDefaultClient()).isNull();
    }
}
