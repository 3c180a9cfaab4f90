package io.github.posthogcommunity.posthog;

import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;

/** A fresh real local server per test, with the flags/batch dispatcher of {@link FlagsTestServer}. */
abstract class FlagsServerTestBase {

    @StartStop
    final MockWebServer mockServer = new MockWebServer();
    FlagsTestServer server;

    @BeforeEach
    void startFlagsServer() {
        server = new FlagsTestServer(mockServer);
    }
}
