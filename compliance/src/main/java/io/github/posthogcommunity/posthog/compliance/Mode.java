package io.github.posthogcommunity.posthog.compliance;

import io.github.posthogcommunity.posthog.CaptureProtocol;
import io.github.posthogcommunity.posthog.Compression;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one run of the adapter exercises, fixed at start-up: the capture protocol (the harness runs once per
 * protocol) and the encoding {@code enable_compression: true} selects.
 *
 * @param protocol {@code POSTHOG_CAPTURE_PROTOCOL}: {@code v0} (default) or {@code v1}
 * @param compression {@code POSTHOG_COMPRESSION}: {@code gzip} (default), {@code deflate} or {@code zstd}; the encoding used when
 *                    {@code /init} asks for compression (or leaves it to the SDK default, which compresses)
 */
record Mode(CaptureProtocol protocol, Compression compression) {

    Mode {
        if (compression == Compression.NONE) {
            throw new IllegalArgumentException("the compression mode must be gzip, deflate or zstd");
        }
    }

    static Mode defaults() {
        return new Mode(CaptureProtocol.V0, Compression.GZIP);
    }

    /** Reads the mode from the environment; an unknown value is an error, never silently the default. */
    static Mode fromEnvironment(Map<String, String> env) {
        String protocol = env.getOrDefault("POSTHOG_CAPTURE_PROTOCOL", "v0").trim().toLowerCase(Locale.ROOT);
        String compression = env.getOrDefault("POSTHOG_COMPRESSION", "gzip").trim().toLowerCase(Locale.ROOT);
        CaptureProtocol p = switch (protocol) {
            case "", "v0" -> CaptureProtocol.V0;
            case "v1" -> CaptureProtocol.V1;
            default -> throw new IllegalArgumentException(
                    "POSTHOG_CAPTURE_PROTOCOL must be v0 or v1, was '" + protocol + "'");
        };
        Compression c = switch (compression) {
            case "", "gzip" -> Compression.GZIP;
            case "deflate" -> Compression.DEFLATE;
            case "zstd" -> Compression.ZSTD;
            default -> throw new IllegalArgumentException(
                    "POSTHOG_COMPRESSION must be gzip, deflate or zstd, was '" + compression + "'");
        };
        return new Mode(p, c);
    }

    /**
     * The capabilities this run really implements: one capture protocol, the AI lane (always
     * {@code /i/v0/ai/batch/} in this SDK, whatever the capture protocol) and the one encoding compression uses.
     * No feature-flag capability: the SDK has no flag API yet.
     */
    List<String> capabilities() {
        List<String> capabilities = new ArrayList<>();
        capabilities.add(protocol == CaptureProtocol.V1 ? "capture_v1" : "capture_v0");
        capabilities.add("capture_ai_v0");
        capabilities.add("encoding_" + compression.name().toLowerCase(Locale.ROOT));
        return List.copyOf(capabilities);
    }
}
