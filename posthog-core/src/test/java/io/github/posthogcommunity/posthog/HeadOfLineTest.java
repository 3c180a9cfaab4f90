package io.github.posthogcommunity.posthog;

import io.github.posthogcommunity.posthog.support.CaptureServer;
import io.github.posthogcommunity.posthog.support.Gate;
import io.github.posthogcommunity.posthog.support.TestClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class HeadOfLineTest {

    private final CaptureServer server = new CaptureServer();
    private final Gate gate = new Gate();
    private PostHogClient client;

    @AfterEach
    void tearDown() {
        gate.open();
        if (client != null) {
            client.shutdown(Duration.ZERO);
        }
        server.close();
    }

    @Test
    void aStalledRequestDoesNotStopOtherBatches() throws Exception {
        server.respond(r -> {
            if (r.events().get(0).get("event").asString().equals("slow")) {
                gate.hold();
            }
            return CaptureServer.ok();
        });
        client = TestClients.builder(server).senderThreads(2).flushAt(1).requestTimeout(Duration.ofSeconds(20))
                .build();
        client.capture("u", "slow");
        server.take(Duration.ofSeconds(5));
        client.capture("u", "fast-1");
        client.capture("u", "fast-2");
        await().atMost(Duration.ofSeconds(5)).until(() -> client.stats().sent() == 2);
        assertThat(client.stats().pending()).isEqualTo(1);
        gate.open();
        await().atMost(Duration.ofSeconds(5)).until(() -> client.stats().sent() == 3);
    }
}
