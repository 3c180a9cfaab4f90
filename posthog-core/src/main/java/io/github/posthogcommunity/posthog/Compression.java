package io.github.posthogcommunity.posthog;

/** Request body compression for capture requests. */
public enum Compression {
    /** No compression and no {@code Content-Encoding} header. */
    NONE,
    /** gzip, sent with {@code Content-Encoding: gzip}. */
    GZIP,
    /** zlib-wrapped deflate (RFC 1950), sent with {@code Content-Encoding: deflate}. */
    DEFLATE
}
