package io.github.posthogcommunity.posthog;

import io.github.posthogcommunity.posthog.support.CaptureServer;
import io.github.posthogcommunity.posthog.support.ClientRig;
import io.github.posthogcommunity.posthog.support.Gate;
import io.github.posthogcommunity.posthog.support.TestClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class HeadOfLineTest {

    @RegisterExtension
    final ClientRig rig = new ClientRig();
    private final CaptureServer server = rig.server;
    private final Gate gate = rig.gate;
    private PostHogClient client;


    @Test
    void aStalledRequestDoesNotStopOtherBatches() throws Exception {
        server.respond(r -> {
            if (r.events().get(0).get("event").asString().equals("slow")) {
                gate.hold();
            }
            return CaptureServer.ok();
        });
        client = rig.start(TestClients.builder(server).senderThreads(2).flushAt(1).requestTimeout(Duration.ofSeconds(20))
                );
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
