package io.github.posthogcommunity.posthog.sample;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.flags.FeatureFlagsSnapshot;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /checkout/config?userId=...}: what the checkout page shows this user, decided by feature flags. */
@RestController
class FeatureController {

    private final PostHogClient posthog;

    FeatureController(PostHogClient posthog) {
        this.posthog = posthog;
    }

    @GetMapping("/checkout/config")
    Map<String, Object> checkoutConfig(@RequestParam String userId) {
        // One /flags request for both flags; reading them records $feature_flag_called events (deduplicated).
        FeatureFlagsSnapshot flags = posthog.evaluateFlags(userId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("userId", userId);
        body.put("newCheckout", flags.isEnabled("new-checkout"));
        body.put("buttonColor", flags.getFlag("checkout-button-color"));
        body.put("buttonPayload", flags.getPayload("checkout-button-color"));
        return body;
    }
}
