package io.github.posthogcommunity.posthog.internal.wire;

import io.github.posthogcommunity.posthog.Compression;
import io.github.posthogcommunity.posthog.DropReason;
import io.github.posthogcommunity.posthog.PostHogClock;
import io.github.posthogcommunity.posthog.http.TransportRequest;
import io.github.posthogcommunity.posthog.http.TransportResponse;
import io.github.posthogcommunity.posthog.internal.event.EventRecord;
import tools.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Capture v0: {@code POST {host}/batch/} with {@code {"api_key", "batch", "sent_at"}} (and
 * {@code historical_migration} when enabled). Status classification: 2xx delivered; 408, 429, 500, 502, 503, 504
 * and no response retried; 413 on several events split; every other status final ({@code rejected}).
 * Also used, with another path, by the AI event lane.
 */
public final class CaptureV0Protocol implements WireProtocol {

    private final String path;
    private final URI uri;
    private final byte[] bodyPrefix;
    private final byte[] bodySuffixHead;
    private final Compression compression;
    private final Map<String, String> headers;
    private final PostHogClock clock;
    private final EventJson json = new EventJson();

    /**
     * @param host the configured host, without trailing slash
     * @param path for example {@code /batch/}
     */
    public CaptureV0Protocol(URI host, String path, String projectApiKey, boolean historicalMigration,
                             Compression compression, Map<String, String> extraHeaders, PostHogClock clock) {
        this.path = path;
        this.uri = URI.create(host.toString() + path);
        this.bodyPrefix = ("{\"api_key\":" + EventJson.escape(projectApiKey) + ",\"batch\":[")
                .getBytes(StandardCharsets.UTF_8);
        this.bodySuffixHead = ("]" + (historicalMigration ? ",\"historical_migration\":true" : "") + ",\"sent_at\":\"")
                .getBytes(StandardCharsets.UTF_8);
        this.compression = compression;
        this.clock = clock;
        this.headers = Map.copyOf(BodyCompression.captureHeaders(extraHeaders, compression, Map.of()));
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public byte[] encode(EventRecord event) {
        JsonGenerator g = json.start();
        g.writeStartObject();
        g.writeName("event");
        g.writeString(JsonValues.wellFormed(event.event()));
        g.writeName("distinct_id");
        g.writeString(JsonValues.wellFormed(event.distinctId()));
        g.writeName("uuid");
        g.writeString(event.uuid().toString());
        g.writeName("timestamp");
        g.writeString(Timestamps.event(event.timestamp()));
        g.writeName("properties");
        EventJson.writeProperties(g, event.properties(), Set.of(), true, event.serverMarker());
        g.writeEndObject();
        return json.finish(g);
    }

    @Override
    public TransportRequest request(List<EventRecord> events, int attempt, UUID requestId, Instant createdAt,
                                    Duration timeout) {
        ByteArrayOutputStream body = EventJson.joinEvents(bodyPrefix, events, bodySuffixHead.length + 32);
        body.writeBytes(bodySuffixHead);
        body.writeBytes(Timestamps.millis(clock.now()).getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(new byte[] {'"', '}'});
        return new TransportRequest("POST", uri, headers, BodyCompression.encode(compression, body.toByteArray()),
                timeout);
    }

    @Override
    public AttemptResult interpret(TransportResponse response, List<EventRecord> events) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return AttemptResult.delivered(status);
        }
        switch (status) {
            case 408, 429, 500, 502, 503, 504:
                return AttemptResult.retry(status, RetryAfter.parse(response.header("Retry-After"), clock.now()),
                        "HTTP " + status);
            case 413:
                if (events.size() > 1) {
                    return AttemptResult.split(status, "HTTP 413: request too large, splitting the batch");
                }
                return AttemptResult.dropped(status, DropReason.REJECTED, "HTTP 413: event too large for the server");
            default:
                return AttemptResult.dropped(status, DropReason.REJECTED, "HTTP " + status);
        }
    }
}
