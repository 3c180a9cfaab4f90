package io.github.posthogcommunity.posthog.internal.flags;

import io.github.posthogcommunity.posthog.internal.LoggerNames;
import io.github.posthogcommunity.posthog.http.HttpTransport;
import io.github.posthogcommunity.posthog.http.TransportRequest;
import io.github.posthogcommunity.posthog.http.TransportResponse;
import io.github.posthogcommunity.posthog.internal.wire.SdkInfo;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a remote-config flag's payload: {@code GET {host}/api/projects/@current/feature_flags/{key}/remote_config
 * ?token=<project key>} with {@code Authorization: Bearer <personal or secret key>}. PostHog decrypts encrypted
 * payloads on this endpoint. On the caller's thread, one attempt bounded by the flags timeout; never throws.
 */
final class RemoteConfigFetcher {

    private static final System.Logger LOG = System.getLogger(LoggerNames.FLAGS);
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private final String base;
    private final String token;
    private final String personalApiKey;
    private final Map<String, String> headers;
    private final HttpTransport transport;
    private final Duration timeout;

    RemoteConfigFetcher(URI host, String token, String personalApiKey, Map<String, String> customHeaders,
                        HttpTransport transport, Duration timeout) {
        String h = host.toString();
        while (h.endsWith("/")) {
            h = h.substring(0, h.length() - 1);
        }
        this.base = h;
        this.token = token;
        this.personalApiKey = personalApiKey;
        Map<String, String> all = new LinkedHashMap<>();
        customHeaders.forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Authorization")) {
                all.put(name, value);
            }
        });
        all.put("Accept", "application/json");
        all.put("User-Agent", SdkInfo.userAgent());
        this.headers = Map.copyOf(all);
        this.transport = transport;
        this.timeout = timeout;
    }

    /** The payload as raw JSON text, or {@code null} (unknown flag, no payload, no answer). */
    String fetch(String flagKey) {
        URI uri = URI.create(base + "/api/projects/@current/feature_flags/"
                + URLEncoder.encode(flagKey, StandardCharsets.UTF_8).replace("+", "%20")
                + "/remote_config?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put("Authorization", "Bearer " + personalApiKey);
        TransportResponse response;
        try {
            response = transport.send(new TransportRequest("GET", uri, h, new byte[0], timeout));
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "PostHog remote config for a flag could not be read: no response ({0})",
                    e.getClass().getSimpleName());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        int status = response.statusCode();
        if (status == 404) {
            return null;
        }
        if (status < 200 || status > 299) {
            LOG.log(System.Logger.Level.WARNING, "PostHog remote config for a flag could not be read: HTTP {0}"
                    + (status == 401 || status == 403 ? " (check the personal or secret API key)" : ""), status);
            return null;
        }
        return payload(response.body());
    }

    /**
     * The payload text: PostHog answers with the payload as a JSON value, often a JSON string holding JSON text
     * ({@code "{\"a\":1}"}); a string is unwrapped to its content, any other value is returned as sent.
     */
    static String payload(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.isEmpty() || text.equals("null")) {
            return null;
        }
        if (text.charAt(0) != '"') {
            return text;
        }
        try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), body)) {
            return p.nextToken() == JsonToken.VALUE_STRING ? p.getString() : text;
        } catch (JacksonException e) {
            return text;
        }
    }
}
