package io.github.posthogcommunity.posthog.sample;

import io.github.posthogcommunity.posthog.sample.local.LocalPostHogInitializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleApplicationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void endpointsCaptureAndTheActuatorFlushDeliversToTheLocalPostHog() throws Exception {
        assertThat(call("POST", "/signup", "{\"email\":\"Ada@Example.com\",\"name\":\"Ada\",\"company\":\"acme\"}")
                .statusCode()).isEqualTo(200);
        assertThat(call("POST", "/checkout",
                "{\"userId\":\"ada@example.com\",\"company\":\"acme\",\"amount\":42.5,\"currency\":\"EUR\"}")
                .statusCode()).isEqualTo(200);
        assertThat(call("POST", "/checkout", "{\"userId\":\"\",\"amount\":1}").statusCode()).isEqualTo(400);

        HttpResponse<String> flush = call("POST", "/actuator/posthog", null);
        assertThat(flush.statusCode()).isEqualTo(200);

        JsonNode delivered = JSON.readTree(call("GET", "/local-posthog/events", null).body());
        List<String> names = new ArrayList<>();
        delivered.path("events").forEach(e -> names.add(e.path("event").path("event").asString()));
        assertThat(names).contains("$identify", "$groupidentify", "user signed up", "order placed");
        JsonNode order = null;
        for (JsonNode e : delivered.path("events")) {
            if (e.path("event").path("event").asString().equals("order placed")) {
                order = e.path("event");
            }
        }
        assertThat(order).isNotNull();
        assertThat(order.path("distinct_id").asString()).isEqualTo("ada@example.com");
        assertThat(order.path("properties").path("$groups").path("company").asString()).isEqualTo("acme");
        assertThat(order.path("properties").path("amount").asDouble()).isEqualTo(42.5);
    }

    @Test
    void theCheckoutConfigIsDecidedByFeatureFlagsAndTheirUseIsRecorded() throws Exception {
        JsonNode config = JSON.readTree(call("GET", "/checkout/config?userId=grace@example.com", null).body());
        assertThat(config.path("newCheckout").isBoolean()).isTrue();
        assertThat(config.path("buttonColor").asString()).isIn("green", "blue");
        assertThat(config.path("buttonPayload").asString()).contains("Buy now");
        call("POST", "/actuator/posthog", null);
        JsonNode delivered = JSON.readTree(call("GET", "/local-posthog/events", null).body());
        List<String> flagsCalled = new ArrayList<>();
        delivered.path("events").forEach(e -> {
            if (e.path("event").path("event").asString().equals("$feature_flag_called")) {
                flagsCalled.add(e.path("event").path("properties").path("$feature_flag").asString());
            }
        });
        assertThat(flagsCalled).contains("new-checkout", "checkout-button-color");
    }

    @Test
    void theActuatorShowsStatsWithoutTheKey() throws Exception {
        HttpResponse<String> stats = call("GET", "/actuator/posthog", null);
        assertThat(stats.statusCode()).isEqualTo(200);
        assertThat(stats.body()).contains("captured").doesNotContain(LocalPostHogInitializer.LOCAL_KEY);
    }
}
