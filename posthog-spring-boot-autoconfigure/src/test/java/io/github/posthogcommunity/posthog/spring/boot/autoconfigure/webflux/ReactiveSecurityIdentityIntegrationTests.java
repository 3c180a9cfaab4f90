package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.webflux;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogTestServer;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Spring Security's authenticated user is the identity of a reactive request, and wins over the header. */
class ReactiveSecurityIdentityIntegrationTests {

    @RegisterExtension
    final PostHogTestServer posthog = new PostHogTestServer();

    @Test
    void theAuthenticatedPrincipalWinsOverTheHeader() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(WebFluxTestApplication.class,
                ReactiveSecurity.class).web(WebApplicationType.REACTIVE).registerShutdownHook(false)
                .properties("server.port=0", "spring.main.banner-mode=off", "spring.reactor.context-propagation=auto",
                        "posthog.api-key=phc_ReactiveSecurityKey0123456789", "posthog.host=" + posthog.host(),
                        "posthog.compression=none", "posthog.flush-at=1000", "posthog.flush-interval=1h")
                .run("--spring.autoconfigure.exclude=")) {
            WebTestClient client = WebTestClient.bindToServer().baseUrl(WebFluxTestApplication.baseUrl(context))
                    .responseTimeout(Duration.ofSeconds(60)).build();
            client.get().uri("/orders/1/checkout").headers(h -> h.setBasicAuth("alice", "secret"))
                    .header("X-POSTHOG-DISTINCT-ID", "mallory").header("X-POSTHOG-SESSION-ID", "session-1")
                    .exchange().expectStatus().isOk();
            client.get().uri("/orders/2/checkout").header("X-POSTHOG-DISTINCT-ID", "anon-2").exchange()
                    .expectStatus().isUnauthorized();
            context.getBean(PostHogClient.class).flush();

            List<JsonNode> events = posthog.events();
            assertThat(events).singleElement().satisfies(event -> {
                assertThat(event.path("distinct_id").asString()).isEqualTo("alice");
                assertThat(event.path("properties").path("$session_id").asString()).isEqualTo("session-1");
            });
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableWebFluxSecurity
    static class ReactiveSecurity {

        @Bean
        SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http) {
            return http.authorizeExchange(exchanges -> exchanges.anyExchange().authenticated())
                    .httpBasic(Customizer.withDefaults()).csrf(csrf -> csrf.disable()).build();
        }

        @Bean
        MapReactiveUserDetailsService users() {
            return new MapReactiveUserDetailsService(User.withUsername("alice").password("{noop}secret")
                    .roles("USER").build());
        }
    }
}
