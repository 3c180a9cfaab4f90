package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.context;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogTestServer;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.WebTestApplication;

import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The request identity reaches events captured by {@code @Async} work, on platform and virtual threads. */
class AsyncContextPropagationIntegrationTests {

    @RegisterExtension
    final PostHogTestServer posthog = new PostHogTestServer();

    @Test
    void asyncWorkOnTheApplicationTaskExecutorCarriesTheRequestIdentity() throws Exception {
        JsonNode event = checkoutThroughAsync();
        assertThat(event.path("properties").path("virtual").asBoolean()).isFalse();
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void asyncWorkOnVirtualThreadsCarriesTheRequestIdentity() throws Exception {
        JsonNode event = checkoutThroughAsync("spring.threads.virtual.enabled=true");
        assertThat(event.path("properties").path("virtual").asBoolean()).isTrue();
    }

    private JsonNode checkoutThroughAsync(String... extra) throws Exception {
        List<String> properties = new java.util.ArrayList<>(List.of("posthog.api-key=phc_AsyncTestKey0123456789",
                "posthog.host=" + posthog.host(), "posthog.compression=none", "posthog.flush-at=1000",
                "posthog.flush-interval=1h"));
        properties.addAll(List.of(extra));
        try (ConfigurableApplicationContext context = AsyncTestApplication.start(properties.toArray(String[]::new))) {
            HttpResponse<String> response = WebTestApplication.exchange(WebTestApplication.request(context,
                    "/async-checkout").header("X-POSTHOG-DISTINCT-ID", "visitor-42")
                    .header("X-POSTHOG-SESSION-ID", "session-42"));
            assertThat(response.statusCode()).isEqualTo(200);
            String[] threads = response.body().split("\\|");
            assertThat(threads[1]).as("the capture ran on another thread").isNotEqualTo(threads[0]);

            // A second request without identity, on the same pooled task thread: nothing is left over.
            assertThat(WebTestApplication.exchange(WebTestApplication.request(context, "/async-checkout"))
                    .statusCode()).isEqualTo(200);
            context.getBean(PostHogClient.class).flush();
            List<JsonNode> events = posthog.events();
            assertThat(events).extracting(e -> e.path("distinct_id").asString()).containsOnlyOnce("visitor-42");
            JsonNode event = events.get(0);
            assertThat(event.path("distinct_id").asString()).isEqualTo("visitor-42");
            assertThat(event.path("properties").path("$session_id").asString()).isEqualTo("session-42");
            return event;
        }
    }
}
