package io.github.posthogcommunity.posthog.http;

import org.jspecify.annotations.Nullable;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request. {@code toString()} never shows header values or the body: both may carry secrets.
 *
 * @param method the HTTP method, for example {@code POST}
 * @param uri the full request URI
 * @param headers header name to value (names in their canonical case)
 * @param body the (possibly compressed) body, or an empty array
 * @param timeout the bound on the whole exchange
 */
public record TransportRequest(String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout) {

    /** Copies {@code headers} into an immutable map. */
    public TransportRequest {
        headers = Map.copyOf(headers);
    }

    /** A header value by case-insensitive name, or {@code null}. */
    public @Nullable String header(String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** The header names, without values. */
    public List<String> headerNames() {
        return List.copyOf(headers.keySet());
    }

    @Override
    public String toString() {
        return "TransportRequest{" + method + " " + uri.getScheme() + "://" + uri.getAuthority() + uri.getPath()
                + ", headers=" + headers.keySet() + ", body=" + body.length + " bytes, timeout=" + timeout + "}";
    }
}
