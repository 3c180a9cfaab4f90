package io.github.posthogcommunity.posthog.sample;

import io.github.posthogcommunity.posthog.spring.boot.test.AutoConfigurePostHogRecorder;
import io.github.posthogcommunity.posthog.spring.boot.test.PostHogRecorder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The sign-up and checkout analytics, asserted with the PostHog test kit alone. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigurePostHogRecorder
class SignUpAnalyticsTests {

    @Autowired
    PostHogRecorder posthog;

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startFromNothing() {
        posthog.reset();
    }

    private String call(String method, String path, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s", method, path).isEqualTo(200);
        return response.body();
    }

    @Test
    void signingUpIdentifiesThePersonAndTheCompanyAndRecordsTheSignUp() throws Exception {
        call("POST", "/signup", "{\"email\":\"Ada@Example.com\",\"name\":\"Ada\",\"company\":\"acme\"}");

        posthog.events().named("$identify").singleElement()
                .hasDistinctId("ada@example.com")
                .hasProperty("$set", Map.of("email", "ada@example.com", "name", "Ada"))
                .hasProperty("$set_once", Map.of("first_seen_via", "sample-app"));
        posthog.events().named("$groupidentify").singleElement()
                .hasProperty("$group_type", "company")
                .hasProperty("$group_key", "acme");
        posthog.events().named("user signed up").forUser("ada@example.com").singleElement()
                .hasProperty("plan", "free")
                .hasProperty("$groups", Map.of("company", "acme"));
    }

    @Test
    void theCheckoutPageFollowsTheFlagsAndTheirUseIsRecorded() throws Exception {
        posthog.stubFlag("new-checkout", true)
                .stubFlag("checkout-button-color", "green", "{\"cta\":\"Pay now\"}");

        String config = call("GET", "/checkout/config?userId=grace@example.com", null);

        assertThat(config).contains("\"newCheckout\":true", "\"buttonColor\":\"green\"", "Pay now");
        posthog.flagCalls().forUser("grace@example.com").hasSize(2);
        posthog.flagCalls().forFlag("checkout-button-color").singleElement()
                .hasProperty("$feature_flag_response", "green");
    }

    @Test
    void anOrderIsRecordedWithItsAmountAndCompany() throws Exception {
        call("POST", "/checkout", "{\"userId\":\"ada@example.com\",\"company\":\"acme\",\"amount\":42.5}");

        posthog.events().named("order placed").forUser("ada@example.com").singleElement()
                .hasProperty("amount", 42.5)
                .hasProperty("currency", "EUR")
                .hasProperty("$groups", Map.of("company", "acme"));
    }
}
