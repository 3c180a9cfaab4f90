package io.github.posthogcommunity.posthog;

/** Request body compression for capture requests. */
public enum Compression {
    /** No compression and no {@code Content-Encoding} header. */
    NONE,
    /** gzip, sent with {@code Content-Encoding: gzip}. */
    GZIP,
    /** zlib-wrapped deflate (RFC 1950), sent with {@code Content-Encoding: deflate}. */
    DEFLATE,
    /**
     * Zstandard (RFC 8878), sent with {@code Content-Encoding: zstd}: smaller bodies than gzip for less CPU. Needs a
     * zstd library on the classpath, {@code com.github.luben:zstd-jni} (native, preferred when both are present) or
     * {@code io.airlift:aircompressor} (pure Java); {@code build()} fails with a clear message without one.
     */
    ZSTD
}
