package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.webflux;

import io.github.posthogcommunity.posthog.PostHogClient;

import java.util.Map;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** A reactive application on a real Netty server (random port). */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(WebFluxTestApplication.Orders.class)
public class WebFluxTestApplication {

    static ConfigurableApplicationContext start(String... properties) {
        return new SpringApplicationBuilder(WebFluxTestApplication.class).web(WebApplicationType.REACTIVE)
                .registerShutdownHook(false)
                .properties("server.port=0", "spring.main.banner-mode=off", "spring.reactor.context-propagation=auto")
                .properties(properties).run();
    }

    static String baseUrl(ConfigurableApplicationContext context) {
        return "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
    }

    @RestController
    static class Orders {
        private final PostHogClient posthog;

        Orders(PostHogClient posthog) {
            this.posthog = posthog;
        }

        /** Captures on another thread, without an explicit distinct id: the Reactor context supplies it. */
        @GetMapping("/orders/{id}/checkout")
        Mono<String> checkout(@PathVariable String id) {
            return Mono.fromCallable(() -> posthog.capture(null, "reactive checkout", Map.of("order", id,
                            "thread", Thread.currentThread().getName())))
                    .subscribeOn(Schedulers.boundedElastic()).thenReturn("done");
        }

        @GetMapping("/orders/{id}/pay")
        Mono<String> pay(@PathVariable String id) {
            return Mono.error(new IllegalStateException("payment failed for order " + id));
        }

        @GetMapping("/orders/{id}/cancel")
        String cancel(@PathVariable String id) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "order " + id + " already shipped");
        }
    }
}
