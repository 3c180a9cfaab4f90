package io.github.posthogcommunity.posthog.sample.local;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /local-posthog/events}: what the local PostHog received, newest last. */
@RestController
class LocalPostHogController {

    private final ObjectProvider<LocalPostHog> local;

    LocalPostHogController(ObjectProvider<LocalPostHog> local) {
        this.local = local;
    }

    @GetMapping("/local-posthog/events")
    ResponseEntity<Map<String, Object>> events() {
        LocalPostHog server = local.getIfAvailable();
        if (server == null) {
            return ResponseEntity.status(404).body(Map.of("error",
                    "the local PostHog is not running: posthog.host points to a real PostHog"));
        }
        List<LocalPostHog.Received> events = server.events();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total_received", server.totalReceived());
        body.put("events", events);
        return ResponseEntity.ok(body);
    }
}
