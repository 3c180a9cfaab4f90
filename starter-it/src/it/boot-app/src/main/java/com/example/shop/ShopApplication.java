package com.example.shop;

import io.github.posthogcommunity.posthog.PostHogClient;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@SpringBootApplication
public class ShopApplication {

    public static void main(String[] args) {
        SpringApplication.run(ShopApplication.class, args);
    }

    @RestController
    static class OrderController {

        private final PostHogClient posthog;

        OrderController(PostHogClient posthog) {
            this.posthog = posthog;
        }

        @PostMapping("/orders")
        String place(@RequestParam String userId) {
            posthog.capture(userId, "order placed", Map.of("amount", 42));
            return "ok";
        }
    }
}
