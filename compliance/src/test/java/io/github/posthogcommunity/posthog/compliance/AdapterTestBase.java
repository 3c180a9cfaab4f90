package io.github.posthogcommunity.posthog.compliance;

import io.github.posthogcommunity.posthog.http.JdkHttpTransport;
import org.junit.jupiter.api.AfterEach;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/** Starts a mock PostHog and an adapter on free loopback ports; stops both after each test. */
abstract class AdapterTestBase {

    static final String API_KEY = "phc_compliance_test_key";

    MockPostHog mock;
    ComplianceAdapter adapter;
    AdapterClient client;

    void start(Mode mode) {
        mock = new MockPostHog();
        adapter = ComplianceAdapter.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), mode,
                new JdkHttpTransport());
        client = new AdapterClient(adapter.port());
    }

    @AfterEach
    void stop() {
        if (adapter != null) {
            adapter.close();
        }
        if (mock != null) {
            mock.close();
        }
    }

    /** An {@code /init} body pointing at the mock, plus {@code extra} fields. */
    Map<String, Object> config(Object... extra) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("api_key", API_KEY);
        config.put("host", mock.host());
        for (int i = 0; i < extra.length; i += 2) {
            config.put((String) extra[i], extra[i + 1]);
        }
        return config;
    }

    static Map<String, Object> event(String distinctId, String event, Object... extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("distinct_id", distinctId);
        body.put("event", event);
        for (int i = 0; i < extra.length; i += 2) {
            body.put((String) extra[i], extra[i + 1]);
        }
        return body;
    }
}
