package io.github.posthogcommunity.posthog.benchmarks.jmh;

import io.github.posthogcommunity.posthog.Compression;
import io.github.posthogcommunity.posthog.PostHogClock;
import io.github.posthogcommunity.posthog.http.TransportRequest;
import io.github.posthogcommunity.posthog.internal.event.EventRecord;
import io.github.posthogcommunity.posthog.internal.wire.CaptureV0Protocol;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One capture wire format as the serialization benchmark drives it: encode one event, build one request from
 * encoded events. To benchmark capture v1 once it exists: add a {@code "v1"} case here and {@code "v1"} to
 * {@link SerializationBenchmark#protocol}.
 */
interface WireCase {

    byte[] encode(EventRecord event);

    TransportRequest request(List<EventRecord> encodedEvents);

    static WireCase of(String protocol, Compression compression) {
        return switch (protocol) {
            case "v0" -> new V0(compression);
            case "v1" -> throw new UnsupportedOperationException("capture v1 is not implemented in posthog-core yet");
            default -> throw new IllegalArgumentException("unknown protocol " + protocol);
        };
    }

    /** Capture v0: {@code POST /batch/}, {@code {"api_key", "batch", "sent_at"}}. */
    final class V0 implements WireCase {
        private static final Duration TIMEOUT = Duration.ofSeconds(10);
        private final CaptureV0Protocol protocol;

        V0(Compression compression) {
            this.protocol = new CaptureV0Protocol(URI.create("http://127.0.0.1:9"), "/batch/", "phc_benchmark", false,
                    compression, Map.of(), PostHogClock.system());
        }

        @Override
        public byte[] encode(EventRecord event) {
            return protocol.encode(event);
        }

        @Override
        public TransportRequest request(List<EventRecord> encodedEvents) {
            return protocol.request(encodedEvents, 1, new UUID(1, 2), TIMEOUT);
        }
    }
}
