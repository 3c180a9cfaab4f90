package io.github.posthogcommunity.posthog.support;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.PostHogClientBuilder;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-test fixture: a capture server, a manual clock, gates for stalling responses, and every client the test
 * starts; after each test the gates open, the clients are discarded and the server stops.
 * Use as {@code @RegisterExtension final ClientRig rig = new ClientRig();}.
 */
public final class ClientRig implements AfterEachCallback {

    public final CaptureServer server = new CaptureServer();
    public final ManualClock clock = new ManualClock();
    public final Gate gate = new Gate();
    private final List<Gate> gates = new ArrayList<>(List.of(gate));
    private final List<PostHogClient> clients = new ArrayList<>();

    /** A builder preset for the local server (see {@link TestClients}). */
    public PostHogClientBuilder builder() {
        return TestClients.builder(server);
    }

    /** Builds the client and closes it (without draining) after the test. */
    public PostHogClient start(PostHogClientBuilder builder) {
        PostHogClient client = builder.build();
        clients.add(client);
        return client;
    }

    /** Another gate, opened after the test. */
    public Gate newGate() {
        Gate extra = new Gate();
        gates.add(extra);
        return extra;
    }

    /** Makes the server hold every response until {@link #gate} opens. */
    public void stallEverything() {
        server.respond(r -> {
            gate.hold();
            return CaptureServer.ok();
        });
    }

    @Override
    public void afterEach(ExtensionContext context) {
        gates.forEach(Gate::open);
        clients.forEach(c -> c.shutdown(Duration.ZERO));
        server.close();
    }
}
