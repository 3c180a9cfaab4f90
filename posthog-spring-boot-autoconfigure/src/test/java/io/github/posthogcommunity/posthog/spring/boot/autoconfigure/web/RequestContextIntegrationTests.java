package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.web;

import io.github.posthogcommunity.posthog.DropReason;
import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogTestServer;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.WebTestApplication;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import static io.github.posthogcommunity.posthog.spring.boot.autoconfigure.WebTestApplication.exchange;
import static io.github.posthogcommunity.posthog.spring.boot.autoconfigure.WebTestApplication.request;
import static org.assertj.core.api.Assertions.assertThat;

/** The request context headers in a real servlet application with a single request thread (so leaks would show). */
class RequestContextIntegrationTests {

    @RegisterExtension
    final PostHogTestServer posthog = new PostHogTestServer();

    @Test
    void headersIdentifyEventsOfTheirRequestOnlyAndExplicitIdsWin() throws Exception {
        try (ConfigurableApplicationContext context = WebTestApplication.start("server.tomcat.threads.max=1",
                "server.tomcat.threads.min-spare=1", "posthog.api-key=phc_ContextTestKey0123456789",
                "posthog.host=" + posthog.host(), "posthog.compression=none", "posthog.flush-at=1000",
                "posthog.flush-interval=1h")) {
            PostHogClient client = context.getBean(PostHogClient.class);

            assertThat(exchange(request(context, "/anonymous-checkout")
                    .header("x-posthog-distinct-id", "  visitor-7 ")
                    .header("X-PostHog-Session-Id", "session-9")).statusCode()).isEqualTo(200);
            assertThat(exchange(request(context, "/explicit-checkout").header("X-User", "customer-1")
                    .header("X-POSTHOG-DISTINCT-ID", "visitor-8")).statusCode()).isEqualTo(200);
            assertThat(exchange(request(context, "/anonymous-checkout")).statusCode()).isEqualTo(200);
            client.flush();

            List<JsonNode> events = posthog.events();
            assertThat(events.get(0).path("event").asString()).isEqualTo("anonymous checkout");
            assertThat(events.get(0).path("distinct_id").asString()).isEqualTo("visitor-7");
            assertThat(events.get(0).path("properties").path("$session_id").asString()).isEqualTo("session-9");
            assertThat(events.get(1).path("event").asString()).isEqualTo("explicit checkout");
            assertThat(events.get(1).path("distinct_id").asString()).isEqualTo("customer-1");
            // The last request had no identity: its event is dropped or personless, never attributed to a visitor
            // of an earlier request handled by the same thread.
            assertThat(events).extracting(e -> e.path("distinct_id").asString())
                    .containsOnlyOnce("visitor-7").doesNotContain("visitor-8");
            assertThat(events.size() + client.stats().dropped(DropReason.INVALID)).isEqualTo(3);
        }
    }
}
