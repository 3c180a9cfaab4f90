package io.github.posthogcommunity.posthog.internal.wire;

import io.github.posthogcommunity.posthog.Compression;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.io.OutputStream;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/** Compresses request bodies on the sender thread, and names the encoding in the request headers. */
final class BodyCompression {

    private BodyCompression() {
    }

    /**
     * The headers every capture request carries: the caller's extra headers, then JSON content type, User-Agent,
     * {@code protocolHeaders} and Content-Encoding when compressing.
     */
    static Map<String, String> captureHeaders(Map<String, String> extra, Compression compression,
                                              Map<String, String> protocolHeaders) {
        Map<String, String> headers = new LinkedHashMap<>(extra);
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", SdkInfo.userAgent());
        headers.putAll(protocolHeaders);
        String encoding = contentEncoding(compression);
        if (encoding != null) {
            headers.put("Content-Encoding", encoding);
        }
        return headers;
    }

    /** The Content-Encoding header value, or {@code null} for none. */
    static String contentEncoding(Compression compression) {
        return switch (compression) {
            case GZIP -> "gzip";
            case DEFLATE -> "deflate";
            case NONE -> null;
        };
    }

    static byte[] encode(Compression compression, byte[] body) {
        if (compression == Compression.NONE) {
            return body;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 4));
        try (OutputStream encoder = compression == Compression.GZIP
                ? new GZIPOutputStream(out, 8192) : new DeflaterOutputStream(out)) {
            encoder.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
