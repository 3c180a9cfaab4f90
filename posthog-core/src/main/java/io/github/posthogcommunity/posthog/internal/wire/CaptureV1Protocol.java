package io.github.posthogcommunity.posthog.internal.wire;

import io.github.posthogcommunity.posthog.Compression;
import io.github.posthogcommunity.posthog.DropReason;
import io.github.posthogcommunity.posthog.PostHogClock;
import io.github.posthogcommunity.posthog.http.TransportRequest;
import io.github.posthogcommunity.posthog.http.TransportResponse;
import io.github.posthogcommunity.posthog.internal.event.EventRecord;
import io.github.posthogcommunity.posthog.internal.wire.AttemptResult.Verdict;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Capture v1: {@code POST {host}/i/v1/analytics/events} with Bearer auth, {@code PostHog-*} headers per attempt
 * and a body {@code {created_at, historical_migration?, batch}}. Events carry {@code session_id} /
 * {@code window_id} at the root, marker properties in {@code options}, and no {@code $lib*}. A 2xx answers per
 * event: {@code ok}/{@code warning} delivered, {@code drop}/{@code limited} dropped, {@code retry} resent; a missing,
 * unknown or unparseable result is final and counts as delivered (the server accepted the request).
 * Errors: 408, 500, 502, 503, 504 and no response retried; everything else final, 429 included.
 */
public final class CaptureV1Protocol implements WireProtocol {

    /** The endpoint path. */
    public static final String PATH = "/i/v1/analytics/events";

    /** Property name on the event, option name in {@code options}. */
    private static final String[][] OPTIONS = {
            {"$cookieless_mode", "cookieless_mode"},
            {"$ignore_sent_at", "disable_skew_correction"},
            {"$process_person_profile", "process_person_profile"},
            {"$product_tour_id", "product_tour_id"}};
    private static final Set<String> MOVED = Set.of("$lib", "$lib_version", "$session_id", "$window_id",
            "$cookieless_mode", "$ignore_sent_at", "$process_person_profile", "$product_tour_id");

    private final URI uri;
    private final Compression compression;
    private final boolean historicalMigration;
    private final Map<String, String> headers;
    private final PostHogClock clock;
    private final EventJson json = new EventJson();

    public CaptureV1Protocol(URI host, String projectApiKey, boolean historicalMigration, Compression compression,
                             Map<String, String> extraHeaders, PostHogClock clock) {
        this.uri = URI.create(host.toString() + PATH);
        this.compression = compression;
        this.historicalMigration = historicalMigration;
        this.clock = clock;
        this.headers = Map.copyOf(BodyCompression.captureHeaders(extraHeaders, compression,
                Map.of("Authorization", "Bearer " + projectApiKey, "PostHog-Sdk-Info", SdkInfo.userAgent())));
    }

    @Override
    public String path() {
        return PATH;
    }

    @Override
    public byte[] encode(EventRecord event) {
        Map<String, Object> properties = event.properties();
        JsonGenerator g = json.start();
        g.writeStartObject();
        g.writeName("event");
        g.writeString(JsonValues.wellFormed(event.event()));
        g.writeName("uuid");
        g.writeString(event.uuid().toString());
        g.writeName("distinct_id");
        g.writeString(JsonValues.wellFormed(event.distinctId()));
        g.writeName("timestamp");
        g.writeString(Timestamps.event(event.timestamp()));
        writeRootIfPresent(g, properties, "$session_id", "session_id");
        writeRootIfPresent(g, properties, "$window_id", "window_id");
        g.writeName("options");
        g.writeStartObject();
        for (String[] option : OPTIONS) {
            Object value = properties.get(option[0]);
            if (value != null) {
                g.writeName(option[1]);
                EventJson.writeValue(g, value);
            }
        }
        g.writeEndObject();
        g.writeName("properties");
        EventJson.writeProperties(g, properties, MOVED, false, event.serverMarker());
        g.writeEndObject();
        return json.finish(g);
    }

    private static void writeRootIfPresent(JsonGenerator g, Map<String, Object> properties, String property,
                                           String field) {
        Object value = properties.get(property);
        if (value != null) {
            g.writeName(field);
            EventJson.writeValue(g, value);
        }
    }

    @Override
    public TransportRequest request(List<EventRecord> events, int attempt, UUID requestId, Instant createdAt,
                                    Duration timeout) {
        String prefix = "{\"created_at\":\"" + Timestamps.millis(createdAt) + "\","
                + (historicalMigration ? "\"historical_migration\":true," : "") + "\"batch\":[";
        ByteArrayOutputStream body = EventJson.joinEvents(prefix.getBytes(StandardCharsets.UTF_8), events, 2);
        body.writeBytes(new byte[] {']', '}'});
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put("PostHog-Attempt", Integer.toString(attempt));
        h.put("PostHog-Request-Id", requestId.toString());
        h.put("PostHog-Request-Timestamp", Timestamps.millis(clock.now()));
        return new TransportRequest("POST", uri, h, BodyCompression.encode(compression, body.toByteArray()), timeout);
    }

    @Override
    public AttemptResult interpret(TransportResponse response, List<EventRecord> events) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return perEvent(response, events);
        }
        return switch (status) {
            case 408, 500, 502, 503, 504 -> AttemptResult.retry(status,
                    RetryAfter.parse(response.header("Retry-After"), clock.now()), "HTTP " + status);
            default -> AttemptResult.dropped(status, DropReason.REJECTED, "HTTP " + status);
        };
    }

    private AttemptResult perEvent(TransportResponse response, List<EventRecord> events) {
        int status = response.statusCode();
        Map<String, String> results;
        try {
            results = parseResults(response.body());
        } catch (JacksonException | IllegalStateException unparseable) {
            return AttemptResult.delivered(status); // final: the server accepted the request
        }
        Verdict[] verdicts = new Verdict[events.size()];
        DropReason[] reasons = new DropReason[events.size()];
        for (int i = 0; i < verdicts.length; i++) {
            String result = results.get(events.get(i).uuid().toString());
            verdicts[i] = Verdict.DELIVERED;
            if ("retry".equals(result)) {
                verdicts[i] = Verdict.RETRY;
            } else if ("drop".equals(result)) {
                verdicts[i] = Verdict.DROPPED;
                reasons[i] = DropReason.SERVER_DROP;
            } else if ("limited".equals(result)) {
                verdicts[i] = Verdict.DROPPED;
                reasons[i] = DropReason.RATE_LIMITED;
            }
        }
        return AttemptResult.perEvent(status, RetryAfter.parse(response.header("Retry-After"), clock.now()),
                verdicts, reasons, "HTTP " + status + " with per-event results");
    }

    /** uuid to result string, from {@code {"results": {"<uuid>": {"result": "..."}}}}; other fields ignored. */
    static Map<String, String> parseResults(byte[] body) {
        Map<String, String> results = new HashMap<>();
        try (JsonParser p = EventJson.FACTORY.createParser(ObjectReadContext.empty(), body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalStateException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (!"results".equals(field) || value != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    String uuid = p.currentName();
                    if (p.nextToken() != JsonToken.START_OBJECT) {
                        p.skipChildren();
                        continue;
                    }
                    while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                        String name = p.currentName();
                        JsonToken t = p.nextToken();
                        if ("result".equals(name) && t == JsonToken.VALUE_STRING) {
                            results.put(uuid, p.getString());
                        } else {
                            p.skipChildren();
                        }
                    }
                }
            }
        }
        return results;
    }
}
