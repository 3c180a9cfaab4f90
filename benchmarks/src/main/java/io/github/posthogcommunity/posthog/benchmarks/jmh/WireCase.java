package io.github.posthogcommunity.posthog.benchmarks.jmh;

import io.github.posthogcommunity.posthog.Compression;
import io.github.posthogcommunity.posthog.PostHogClock;
import io.github.posthogcommunity.posthog.http.TransportRequest;
import io.github.posthogcommunity.posthog.internal.event.EventRecord;
import io.github.posthogcommunity.posthog.internal.wire.CaptureV0Protocol;
import io.github.posthogcommunity.posthog.internal.wire.CaptureV1Protocol;
import io.github.posthogcommunity.posthog.internal.wire.WireProtocol;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One capture wire format as the serialization benchmark drives it: encode one event, build one request. */
interface WireCase {

    byte[] encode(EventRecord event);

    TransportRequest request(List<EventRecord> encodedEvents);

    static WireCase of(String protocol, Compression compression) {
        return switch (protocol) {
            case "v0" -> new Protocol(new CaptureV0Protocol(HOST, "/batch/", "phc_benchmark", false, compression,
                    Map.of(), PostHogClock.system()));
            case "v1" -> new Protocol(new CaptureV1Protocol(HOST, "phc_benchmark", false, compression, Map.of(),
                    PostHogClock.system()));
            default -> throw new IllegalArgumentException("unknown protocol " + protocol);
        };
    }

    URI HOST = URI.create("http://127.0.0.1:9");

    /** A capture protocol of the core: v0 ({@code /batch/}) or v1 ({@code /i/v1/analytics/events}). */
    final class Protocol implements WireCase {
        private static final Duration TIMEOUT = Duration.ofSeconds(10);
        private static final Instant CREATED = Instant.parse("2026-11-22T12:00:00Z");
        private final WireProtocol protocol;

        Protocol(WireProtocol protocol) {
            this.protocol = protocol;
        }

        @Override
        public byte[] encode(EventRecord event) {
            return protocol.encode(event);
        }

        @Override
        public TransportRequest request(List<EventRecord> encodedEvents) {
            return protocol.request(encodedEvents, 1, new UUID(1, 2), CREATED, TIMEOUT);
        }
    }
}
