package io.github.posthogcommunity.posthog.spring.boot.test;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogClientCustomizer;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/** A small application whose analytics the tests assert through the recorder. */
@SpringBootApplication
class ShopApplication {

    /** A before-send hook of the application: the recorder must see its effect (the real pipeline runs). */
    @Bean
    PostHogClientCustomizer releaseTagger() {
        return builder -> builder.beforeSend(event -> event.withProperty("release", "2026.11"));
    }

    @RestController
    static class OrderController {

        private final PostHogClient posthog;

        OrderController(PostHogClient posthog) {
            this.posthog = posthog;
        }

        @PostMapping("/orders")
        String place(@RequestParam String user, @RequestParam double amount) {
            posthog.capture(user, "order placed", Map.of("amount", amount, "currency", "EUR"));
            return "ok";
        }

        @PostMapping("/anonymous-visit")
        String visit() {
            posthog.capture(null, "page visited", Map.of());
            return "ok";
        }

        @GetMapping("/checkout")
        String checkout(@RequestParam String user) {
            Object color = posthog.getFeatureFlag("button-color", user);
            return (posthog.isFeatureEnabled("new-checkout", user) ? "new" : "old") + "/" + color + "/"
                    + posthog.getFeatureFlagPayload("button-color", user);
        }
    }
}
