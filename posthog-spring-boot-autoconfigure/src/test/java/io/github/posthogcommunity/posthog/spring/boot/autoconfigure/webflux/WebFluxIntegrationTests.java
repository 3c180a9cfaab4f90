package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.webflux;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogTestServer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The request identity and exception autocapture of a reactive application on a real Netty server. */
class WebFluxIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    final PostHogTestServer posthog = new PostHogTestServer();

    private ConfigurableApplicationContext start(String... extra) {
        List<String> properties = new ArrayList<>(List.of("posthog.api-key=phc_WebFluxTestKey0123456789",
                "posthog.host=" + posthog.host(), "posthog.compression=none", "posthog.flush-at=1000",
                "posthog.flush-interval=1h"));
        properties.addAll(List.of(extra));
        return WebFluxTestApplication.start(properties.toArray(String[]::new));
    }

    private static WebTestClient client(ConfigurableApplicationContext context) {
        return WebTestClient.bindToServer().baseUrl(WebFluxTestApplication.baseUrl(context))
                .responseTimeout(Duration.ofSeconds(60)).build();
    }

    private List<JsonNode> flushed(ConfigurableApplicationContext context, String event) {
        context.getBean(PostHogClient.class).flush();
        return posthog.events().stream().filter(e -> e.path("event").asString().equals(event)).toList();
    }

    @Test
    void theHeadersIdentifyEventsCapturedOnAnyThreadOfTheRequestOnly() {
        try (ConfigurableApplicationContext context = start()) {
            WebTestClient client = client(context);
            client.get().uri("/orders/1/checkout").header("X-POSTHOG-DISTINCT-ID", "visitor-1")
                    .header("X-POSTHOG-SESSION-ID", "session-1").exchange().expectStatus().isOk();
            client.get().uri("/orders/2/checkout").exchange().expectStatus().isOk();

            List<JsonNode> events = flushed(context, "reactive checkout");
            // The second request has no identity: its event is personless, never attributed to the first visitor.
            assertThat(events).extracting(e -> e.path("properties").path("order").asString())
                    .containsExactly("1", "2");
            assertThat(events.get(1).path("distinct_id").asString()).isNotEqualTo("visitor-1");
            assertThat(events.get(1).path("properties").has("$session_id")).isFalse();
            JsonNode event = events.get(0);
            assertThat(event.path("distinct_id").asString()).isEqualTo("visitor-1");
            assertThat(event.path("properties").path("$session_id").asString()).isEqualTo("session-1");
            assertThat(event.path("properties").path("thread").asString()).startsWith("boundedElastic");
        }
    }

    @Test
    void anUnhandledExceptionIsCapturedOnceAndTheErrorResponseIsUnchanged() throws Exception {
        EntityExchangeResult<String> plain;
        try (ConfigurableApplicationContext context = start()) {
            plain = pay(client(context));
            assertThat(flushed(context, "$exception")).isEmpty();
        }
        try (ConfigurableApplicationContext context = start("posthog.exception-autocapture.enabled=true")) {
            EntityExchangeResult<String> captured = pay(client(context));
            assertThat(captured.getStatus()).isEqualTo(plain.getStatus());
            assertThat(captured.getStatus().value()).isEqualTo(500);
            assertThat(captured.getResponseHeaders().getContentType())
                    .isEqualTo(plain.getResponseHeaders().getContentType());
            assertThat(stable(captured.getResponseBody())).isEqualTo(stable(plain.getResponseBody()));

            List<JsonNode> events = flushed(context, "$exception");
            assertThat(events).hasSize(1);
            JsonNode event = events.get(0);
            assertThat(event.path("distinct_id").asString()).isEqualTo("visitor-9");
            JsonNode props = event.path("properties");
            assertThat(props.path("$exception_source").asString()).isEqualTo("spring-webflux");
            assertThat(props.path("$request_method").asString()).isEqualTo("GET");
            assertThat(props.path("$request_path_template").asString()).isEqualTo("/orders/{id}/pay");
            assertThat(props.path("$response_status").asInt()).isEqualTo(500);
            assertThat(props.path("$exception_message").asString()).isEqualTo("payment failed for order 42");
            assertThat(props.path("$exception_list").get(0).path("mechanism").path("handled").asBoolean(true))
                    .isFalse();
        }
    }

    @Test
    void exceptionsWithTheirOwnStatusAreCapturedOnlyWhenHandledOnesAreIncluded() {
        try (ConfigurableApplicationContext context = start("posthog.exception-autocapture.enabled=true")) {
            client(context).get().uri("/orders/3/cancel").exchange().expectStatus().isEqualTo(409);
            assertThat(flushed(context, "$exception")).isEmpty();
        }
        try (ConfigurableApplicationContext context = start("posthog.exception-autocapture.enabled=true",
                "posthog.exception-autocapture.include-handled=true")) {
            client(context).get().uri("/orders/3/cancel").exchange().expectStatus().isEqualTo(409);
            List<JsonNode> events = flushed(context, "$exception");
            assertThat(events).hasSize(1);
            assertThat(events.get(0).path("properties").path("$response_status").asInt()).isEqualTo(409);
        }
    }

    private static EntityExchangeResult<String> pay(WebTestClient client) {
        return client.get().uri("/orders/42/pay").accept(MediaType.APPLICATION_JSON)
                .header("X-POSTHOG-DISTINCT-ID", "visitor-9").exchange().expectBody(String.class).returnResult();
    }

    /** The error body without the fields that differ between two identical requests. */
    private static JsonNode stable(String body) {
        ObjectNode json = (ObjectNode) JSON.readTree(body);
        json.remove("timestamp");
        json.remove("requestId");
        return json;
    }
}
