package io.github.posthogcommunity.posthog.sample;

import io.github.posthogcommunity.posthog.CaptureOptions;
import io.github.posthogcommunity.posthog.PostHogClient;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Sign-up and checkout: the events a typical product team tracks. */
@RestController
class ShopController {

    private final PostHogClient posthog;

    ShopController(PostHogClient posthog) {
        this.posthog = posthog;
    }

    record SignUp(String email, String name, String company) {
    }

    record Checkout(String userId, String company, double amount, String currency) {
    }

    @PostMapping("/signup")
    ResponseEntity<Map<String, Object>> signUp(@RequestBody SignUp request) {
        if (request.email() == null || request.email().isBlank()) {
            return ResponseEntity.badRequest().body(Map.of("error", "email is required"));
        }
        String userId = request.email().trim().toLowerCase();
        posthog.identify(userId, Map.of("email", userId, "name", request.name() == null ? "" : request.name()),
                Map.of("first_seen_via", "sample-app"));
        Map<String, Object> group = new LinkedHashMap<>();
        if (request.company() != null && !request.company().isBlank()) {
            posthog.groupIdentify("company", request.company(), Map.of("name", request.company()));
            group.put("company", request.company());
        }
        UUID event = posthog.capture(userId, "user signed up", Map.of("plan", "free"),
                CaptureOptions.builder().groups(toGroups(group)).build());
        return ResponseEntity.ok(Map.of("userId", userId, "event", String.valueOf(event)));
    }

    @PostMapping("/checkout")
    ResponseEntity<Map<String, Object>> checkout(@RequestBody Checkout request) {
        if (request.userId() == null || request.userId().isBlank() || request.amount() <= 0) {
            return ResponseEntity.badRequest().body(Map.of("error", "userId and a positive amount are required"));
        }
        CaptureOptions.Builder options = CaptureOptions.builder();
        if (request.company() != null && !request.company().isBlank()) {
            options.group("company", request.company());
        }
        UUID event = posthog.capture(request.userId(), "order placed",
                Map.of("amount", request.amount(), "currency", request.currency() == null ? "EUR" : request.currency()),
                options.build());
        return ResponseEntity.ok(Map.of("event", String.valueOf(event)));
    }

    private static Map<String, String> toGroups(Map<String, Object> groups) {
        Map<String, String> result = new LinkedHashMap<>();
        groups.forEach((type, key) -> result.put(type, String.valueOf(key)));
        return result;
    }
}
