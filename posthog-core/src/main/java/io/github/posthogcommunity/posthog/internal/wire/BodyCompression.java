package io.github.posthogcommunity.posthog.internal.wire;

import io.github.posthogcommunity.posthog.Compression;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/** Compresses request bodies on the sender thread, and names the encoding in the request headers. */
final class BodyCompression {

    /**
     * Deflate level 1 (fastest): on the sender threads the compression is CPU on the delivery path; JSON batches
     * still shrink several-fold, and a higher level costs far more time than it saves bytes on loopback or LAN.
     */
    private static final int LEVEL = Deflater.BEST_SPEED;

    /** A gzip stream over a caller-supplied deflater (the JDK's constructor fixes the default level). */
    private static final class FastGzipOutputStream extends GZIPOutputStream {
        FastGzipOutputStream(OutputStream out, Deflater deflater) throws IOException {
            super(out, 8192);
            this.def.end();
            this.def = deflater;
        }
    }

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
            case ZSTD -> "zstd";
            case NONE -> null;
        };
    }

    static byte[] encode(Compression compression, byte[] body) {
        if (compression == Compression.NONE) {
            return body;
        }
        if (compression == Compression.ZSTD) {
            return ZstdCodec.compress(body);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 4));
        Deflater deflater = new Deflater(LEVEL, compression == Compression.GZIP);
        try (OutputStream encoder = compression == Compression.GZIP
                ? new FastGzipOutputStream(out, deflater) : new DeflaterOutputStream(out, deflater)) {
            encoder.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deflater.end();
        }
        return out.toByteArray();
    }
}
