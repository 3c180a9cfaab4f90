package io.github.posthogcommunity.posthog.internal.wire;

import io.github.posthogcommunity.posthog.Compression;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/** Compresses request bodies on the sender thread. */
final class BodyCompression {

    private BodyCompression() {
    }

    /** The Content-Encoding header value, or {@code null} for none. */
    static String contentEncoding(Compression compression) {
        return compression == Compression.GZIP ? "gzip" : null;
    }

    static byte[] encode(Compression compression, byte[] body) {
        if (compression == Compression.NONE) {
            return body;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 4));
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 8192)) {
            gzip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
