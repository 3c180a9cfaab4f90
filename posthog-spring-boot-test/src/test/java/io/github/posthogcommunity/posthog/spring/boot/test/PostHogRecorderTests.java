package io.github.posthogcommunity.posthog.spring.boot.test;

import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The recorder in a real Boot application on Tomcat, used as an application's own test would use it. */
@SpringBootTest(classes = ShopApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "posthog.flush-interval=1h")
@AutoConfigurePostHogRecorder
class PostHogRecorderTests {

    /** A real PostHog stand-in at the configured host: nothing may reach it, the recorder answers instead. */
    static final MockWebServer HOST = new MockWebServer();

    @DynamicPropertySource
    static void host(DynamicPropertyRegistry registry) throws IOException {
        HOST.start();
        registry.add("posthog.host", () -> HOST.url("/").toString());
    }

    @AfterAll
    static void stopHost() {
        HOST.close();
    }

    @Autowired
    PostHogRecorder posthog;

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startFromNothing() {
        posthog.reset();
    }

    private String call(String method, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s", method, path).isEqualTo(200);
        return response.body();
    }

    @Test
    void anEventCapturedByAControllerIsRecordedThroughTheRealPipeline() throws Exception {
        call("POST", "/orders?user=u1&amount=42.5", Map.of());

        posthog.events().named("order placed").forUser("u1").singleElement()
                .hasProperty("amount", 42.5)
                .hasProperty("currency", "EUR")
                .hasProperty("release", "2026.11") // the application's before-send hook ran
                .hasProperty("$lib");
        assertThat(HOST.getRequestCount()).as("requests that left the JVM").isZero();
    }

    @Test
    void readingWaitsForEventsCapturedBeforeItWithoutSleeping() throws Exception {
        // The flush interval is an hour: only the recorder's flush can deliver these before the assertion.
        for (int i = 0; i < 250; i++) {
            call("POST", "/orders?user=bulk&amount=" + i, Map.of());
        }
        posthog.events().forUser("bulk").hasSize(250);
        posthog.events().withProperty("amount", 7).singleElement().hasDistinctId("bulk");
    }

    @Test
    void stubbedFlagsAnswerTheApplicationAndTheirUseIsRecorded() throws Exception {
        posthog.stubFlag("new-checkout", true)
                .stubFlag("button-color", "green", "{\"cta\":\"Buy now\"}");

        assertThat(call("GET", "/checkout?user=flag-user-1", Map.of())).isEqualTo("new/green/{\"cta\":\"Buy now\"}");

        posthog.flagCalls().forFlag("new-checkout").singleElement()
                .hasDistinctId("flag-user-1")
                .hasProperty("$feature_flag_response", true);
        posthog.flagCalls().forFlag("button-color").singleElement()
                .hasProperty("$feature_flag_response", "green");
        assertThat(posthog.flagRequests()).isPositive();
    }

    @Test
    void aFlagThatIsNotStubbedIsUnknownAndAFalseStubIsOff() throws Exception {
        posthog.stubFlag("new-checkout", false);

        assertThat(call("GET", "/checkout?user=flag-user-2", Map.of())).isEqualTo("old/null/null");
    }

    @Test
    void theRequestIdentityAndPersonlessEventsAreRecordedAsSent() throws Exception {
        call("POST", "/anonymous-visit", Map.of("X-POSTHOG-DISTINCT-ID", "visitor-7", "X-POSTHOG-SESSION-ID", "s-1"));
        call("POST", "/anonymous-visit", Map.of());

        posthog.events().named("page visited").forUser("visitor-7").singleElement()
                .hasProperty("$session_id", "s-1");
        posthog.events().named("page visited").filteredOn(e -> !e.distinctId().equals("visitor-7"))
                .singleElement().isPersonless();
    }

    @Test
    void resetForgetsEventsAndStubs() throws Exception {
        posthog.stubFlag("new-checkout", true);
        call("POST", "/orders?user=u2&amount=1", Map.of());
        posthog.reset();

        posthog.events().isEmpty();
        assertThat(call("GET", "/checkout?user=flag-user-3", Map.of())).startsWith("old/");
    }

    @Test
    void aFailedAssertionShowsWhatWasRecorded() throws Exception {
        call("POST", "/orders?user=u3&amount=5", Map.of());

        assertThatThrownBy(() -> posthog.events().named("order placed").forUser("someone else").singleElement())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("for user 'someone else'")
                .hasMessageContaining("'order placed' for u3");
        assertThatThrownBy(() -> posthog.events().named("order placed").singleElement().hasProperty("amount", 6))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected property <amount> of order placed to be <6> but it was <5.0>");
    }
}
