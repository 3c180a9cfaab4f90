package io.github.posthogcommunity.posthog;

/** Request body compression for capture requests. */
public enum Compression {
    /** No compression and no {@code Content-Encoding} header. */
    NONE,
    /** gzip, sent with {@code Content-Encoding: gzip}. */
    GZIP
}
