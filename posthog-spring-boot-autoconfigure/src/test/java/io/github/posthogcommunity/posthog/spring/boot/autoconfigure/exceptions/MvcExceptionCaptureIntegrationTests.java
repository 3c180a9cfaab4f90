package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.exceptions;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogTestServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Exception autocapture in a real servlet application: what is captured, and that responses do not change. */
class MvcExceptionCaptureIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    final PostHogTestServer posthog = new PostHogTestServer();

    private ConfigurableApplicationContext start(String... extra) {
        List<String> properties = new java.util.ArrayList<>(List.of("posthog.api-key=phc_ExceptionTestKey0123456789",
                "posthog.host=" + posthog.host(), "posthog.compression=none", "posthog.flush-at=1000",
                "posthog.flush-interval=1h"));
        properties.addAll(List.of(extra));
        return ExceptionTestApplication.start(properties.toArray(String[]::new));
    }

    private static HttpResponse<String> get(ConfigurableApplicationContext context, String path, String distinctId)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:"
                + context.getEnvironment().getProperty("local.server.port") + path)).timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json");
        if (distinctId != null) {
            request.header("X-POSTHOG-DISTINCT-ID", distinctId);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The error body without the fields that differ between two identical requests. */
    private static JsonNode stable(String body) {
        ObjectNode json = (ObjectNode) JSON.readTree(body);
        json.remove("timestamp");
        return json;
    }

    private List<JsonNode> flushedExceptions(ConfigurableApplicationContext context) {
        context.getBean(PostHogClient.class).flush();
        return posthog.events().stream().filter(e -> e.path("event").asString().equals("$exception")).toList();
    }

    @Test
    void anUnhandledExceptionIsCapturedOnceAndTheResponseIsUnchanged() throws Exception {
        HttpResponse<String> plain;
        try (ConfigurableApplicationContext context = start()) {
            plain = get(context, "/orders/42/pay", "visitor-1");
            assertThat(flushedExceptions(context)).isEmpty(); // disabled by default
        }
        try (ConfigurableApplicationContext context = start("posthog.exception-autocapture.enabled=true")) {
            HttpResponse<String> captured = get(context, "/orders/42/pay", "visitor-1");
            assertThat(captured.statusCode()).isEqualTo(plain.statusCode()).isEqualTo(500);
            assertThat(stable(captured.body())).isEqualTo(stable(plain.body()));
            assertThat(captured.headers().firstValue("Content-Type"))
                    .isEqualTo(plain.headers().firstValue("Content-Type"));

            List<JsonNode> events = flushedExceptions(context);
            assertThat(events).hasSize(1);
            JsonNode event = events.get(0);
            System.out.println("captured MVC $exception event: " + event);
            assertThat(event.path("distinct_id").asString()).isEqualTo("visitor-1");
            JsonNode props = event.path("properties");
            assertThat(props.path("$request_method").asString()).isEqualTo("GET");
            assertThat(props.path("$request_path_template").asString()).isEqualTo("/orders/{id}/pay");
            assertThat(props.path("$response_status").asInt()).isEqualTo(500);
            assertThat(props.path("$exception_type").asString()).isEqualTo("IllegalStateException");
            assertThat(props.path("$exception_message").asString()).isEqualTo("payment failed for order 42");
            JsonNode list = props.path("$exception_list");
            assertThat(list).hasSize(3);
            assertThat(list.get(0).path("mechanism").path("handled").asBoolean(true)).isFalse();
            assertThat(list.get(2).path("type").asString()).isEqualTo("IOException");
            // The test application's package is in-app by default; Spring's and Tomcat's frames are not.
            JsonNode frames = list.get(0).path("stacktrace").path("frames");
            JsonNode crashSite = frames.get(frames.size() - 1);
            assertThat(crashSite.path("function").asString()).isEqualTo("pay");
            assertThat(crashSite.path("in_app").asBoolean()).isTrue();
            assertThat(frames.get(0).path("in_app").asBoolean(true)).isFalse();
        }
    }

    @Test
    void exceptionsHandledByTheApplicationAreNotCapturedUnlessAsked() throws Exception {
        try (ConfigurableApplicationContext context = start("posthog.exception-autocapture.enabled=true")) {
            HttpResponse<String> handled = get(context, "/orders/7/reserve", null);
            assertThat(handled.statusCode()).isEqualTo(409);
            assertThat(handled.body()).isEqualTo("out of stock");
            assertThat(get(context, "/missing", null).statusCode()).isEqualTo(404);
            assertThat(flushedExceptions(context)).isEmpty();
        }
        try (ConfigurableApplicationContext context = start("posthog.exception-autocapture.enabled=true",
                "posthog.exception-autocapture.include-handled=true")) {
            HttpResponse<String> handled = get(context, "/orders/7/reserve", "visitor-2");
            assertThat(handled.statusCode()).isEqualTo(409);
            assertThat(handled.body()).isEqualTo("out of stock");
            assertThat(get(context, "/orders/8/pay", null).statusCode()).isEqualTo(500);

            List<JsonNode> events = flushedExceptions(context);
            assertThat(events).hasSize(2);
            JsonNode reserve = events.get(0).path("properties");
            assertThat(events.get(0).path("distinct_id").asString()).isEqualTo("visitor-2");
            assertThat(reserve.path("$exception_type").asString()).isEqualTo("ExceptionTestApplication$OutOfStockException");
            assertThat(reserve.path("$response_status").asInt()).isEqualTo(409);
            assertThat(reserve.path("$request_path_template").asString()).isEqualTo("/orders/{id}/reserve");
            assertThat(reserve.path("$exception_list").get(0).path("mechanism").path("handled").asBoolean()).isTrue();
            JsonNode pay = events.get(1).path("properties");
            assertThat(pay.path("$exception_type").asString()).isEqualTo("IllegalStateException");
            assertThat(pay.path("$exception_list").get(0).path("mechanism").path("handled").asBoolean(true))
                    .isFalse();
            // personless: no id from the caller nor the request
            assertThat(pay.path("$process_person_profile").asBoolean(true)).isFalse();
        }
    }

    @Test
    void anErrorStormIsRateLimitedPerExceptionTypeAndCounted() throws Exception {
        try (ConfigurableApplicationContext context = start("posthog.exception-autocapture.enabled=true",
                "posthog.exception-autocapture.rate-limit.max-per-type=2")) {
            for (int i = 0; i < 5; i++) {
                assertThat(get(context, "/orders/" + i + "/pay", null).statusCode()).isEqualTo(500);
            }
            assertThat(get(context, "/orders/1/audit", null).statusCode()).isEqualTo(500); // another type: not limited
            List<JsonNode> events = flushedExceptions(context);
            assertThat(events).hasSize(3);
            // an Error is reported as itself, not as the DispatcherServlet's ServletException wrapper
            assertThat(events.get(2).path("properties").path("$exception_type").asString()).isEqualTo("AssertionError");
            assertThat(events.get(2).path("properties").path("$exception_message").asString())
                    .isEqualTo("ledger out of balance");
            PostHogMvcExceptionCapture capture = context.getBean(PostHogMvcExceptionCapture.class);
            assertThat(capture.capturedCount()).isEqualTo(3);
            assertThat(capture.rateLimitedCount()).isEqualTo(3);
        }
    }
}
