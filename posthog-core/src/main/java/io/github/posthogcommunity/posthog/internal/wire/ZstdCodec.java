package io.github.posthogcommunity.posthog.internal.wire;

/**
 * Zstandard compression through whichever library the application ships: zstd-jni (native, fastest) or
 * aircompressor (pure Java). Both are optional dependencies; each is touched only through its own nested class, so
 * neither is loaded unless {@code Compression.ZSTD} is chosen and the library is present.
 */
public final class ZstdCodec {

    /**
     * Level 1: on the sender threads compression is CPU on the delivery path, and level 1 already compresses JSON
     * batches better than gzip at its fastest level (measured by the compression benchmark).
     */
    static final int LEVEL = 1;

    private interface Compressor {
        byte[] compress(byte[] body);
    }

    private static final Compressor COMPRESSOR = find();

    private ZstdCodec() {
    }

    /** Whether a zstd library is on the classpath and loads. */
    public static boolean available() {
        return COMPRESSOR != null;
    }

    /** The library in use, for logs: {@code zstd-jni}, {@code aircompressor} or {@code none}. */
    public static String implementation() {
        return COMPRESSOR == null ? "none" : COMPRESSOR instanceof Jni ? "zstd-jni" : "aircompressor";
    }

    /** The message of the error a client configured for zstd without a library fails to build with. */
    public static String missingLibraryMessage() {
        return "Compression.ZSTD needs a zstd library on the classpath: add com.github.luben:zstd-jni "
                + "or io.airlift:aircompressor, or choose Compression.GZIP";
    }

    static byte[] compress(byte[] body) {
        if (COMPRESSOR == null) {
            throw new IllegalStateException(missingLibraryMessage());
        }
        return COMPRESSOR.compress(body);
    }

    /** The pure-Java encoder whatever is preferred, so that both can be tested and measured side by side. */
    static byte[] compressPureJava(byte[] body) {
        return new Air().compress(body);
    }

    private static Compressor find() {
        try {
            Jni jni = new Jni();
            jni.compress(new byte[] {'{', '}'}); // loads the native library now, not on the first batch
            return jni;
        } catch (LinkageError | RuntimeException absent) {
            // not on the classpath, or its native library does not load on this platform
        }
        try {
            Air air = new Air();
            air.compress(new byte[] {'{', '}'});
            return air;
        } catch (LinkageError | RuntimeException absent) {
            return null;
        }
    }

    /** com.github.luben:zstd-jni. */
    private static final class Jni implements Compressor {
        @Override
        public byte[] compress(byte[] body) {
            return com.github.luben.zstd.Zstd.compress(body, LEVEL);
        }
    }

    /** io.airlift:aircompressor (pure Java; its compressor has one fixed level, close to zstd's level 3). */
    private static final class Air implements Compressor {
        @Override
        public byte[] compress(byte[] body) {
            io.airlift.compress.zstd.ZstdCompressor compressor = new io.airlift.compress.zstd.ZstdCompressor();
            byte[] out = new byte[compressor.maxCompressedLength(body.length)];
            int length = compressor.compress(body, 0, body.length, out, 0, out.length);
            return java.util.Arrays.copyOf(out, length);
        }
    }
}
