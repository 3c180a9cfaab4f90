package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.security;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogTestServer;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;

import static io.github.posthogcommunity.posthog.spring.boot.autoconfigure.WebTestApplication.exchange;
import static io.github.posthogcommunity.posthog.spring.boot.autoconfigure.WebTestApplication.request;
import static org.assertj.core.api.Assertions.assertThat;

/** The identity of events in a real Tomcat application with Spring Security. */
class SecurityIdentityIntegrationTests {

    private static final String ALICE = "Basic " + Base64.getEncoder()
            .encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8));

    @RegisterExtension
    final PostHogTestServer posthog = new PostHogTestServer();

    private String[] properties() {
        return new String[] {"posthog.api-key=phc_SecurityTestKey0123456789", "posthog.host=" + posthog.host(),
                "posthog.compression=none", "posthog.flush-at=1000", "posthog.flush-interval=1h"};
    }

    @Test
    void theAuthenticatedPrincipalWinsOverTheHeaderWhichStillLinksAnonymousTraffic() throws Exception {
        try (ConfigurableApplicationContext context = SecurityTestApplication.start(new Class<?>[0], properties())) {
            assertThat(exchange(request(context, "/public").header("X-POSTHOG-DISTINCT-ID", "anon-1")
                    .header("X-POSTHOG-SESSION-ID", "session-1")).statusCode()).isEqualTo(200);
            assertThat(exchange(request(context, "/private").header("Authorization", ALICE)
                    .header("X-POSTHOG-DISTINCT-ID", "mallory").header("X-POSTHOG-SESSION-ID", "session-1"))
                    .statusCode()).isEqualTo(200);
            assertThat(exchange(request(context, "/private").header("Authorization", ALICE)).statusCode())
                    .isEqualTo(200);
            assertThat(exchange(request(context, "/private")).statusCode()).isEqualTo(401);
            context.getBean(PostHogClient.class).flush();

            List<JsonNode> events = posthog.events();
            assertThat(events).extracting(e -> e.path("distinct_id").asString())
                    .containsExactly("anon-1", "alice", "alice");
            assertThat(events.get(1).path("properties").path("$session_id").asString()).isEqualTo("session-1");
            assertThat(events.get(2).path("properties").has("$session_id")).isFalse();
        }
    }

    @Test
    void aResolverBeanChoosesTheDistinctId() throws Exception {
        try (ConfigurableApplicationContext context = SecurityTestApplication.start(new Class<?>[] {OwnResolver.class},
                properties())) {
            assertThat(exchange(request(context, "/private").header("Authorization", ALICE)).statusCode())
                    .isEqualTo(200);
            context.getBean(PostHogClient.class).flush();
            assertThat(posthog.events()).singleElement()
                    .satisfies(e -> assertThat(e.path("distinct_id").asString()).isEqualTo("user:alice"));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnResolver {
        @Bean
        PostHogDistinctIdResolver ownResolver() {
            return authentication -> "user:" + authentication.getName();
        }
    }
}
