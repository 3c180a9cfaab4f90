package io.github.posthogcommunity.posthog.http;

import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One HTTP response.
 *
 * @param statusCode the status code
 * @param headers header name to values, as received
 * @param body the (decompressed) body, or an empty array
 */
public record TransportResponse(int statusCode, Map<String, List<String>> headers, byte[] body) {

    /** Copies {@code headers} into an immutable map. */
    public TransportResponse {
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    /** The first value of a header by case-insensitive name, or {@code null}. */
    public @Nullable String header(String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    /** The body decoded as UTF-8. */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "TransportResponse{status=" + statusCode + ", body=" + body.length + " bytes}";
    }
}
