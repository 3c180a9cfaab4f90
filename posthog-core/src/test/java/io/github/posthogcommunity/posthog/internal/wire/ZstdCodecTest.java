package io.github.posthogcommunity.posthog.internal.wire;

import io.github.posthogcommunity.posthog.Compression;
import io.github.posthogcommunity.posthog.PostHogClient;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ZstdCodecTest {

    private static final byte[] BATCH = ("{\"api_key\":\"phc_x\",\"batch\":["
            + "{\"event\":\"order placed\",\"distinct_id\":\"u1\",\"properties\":{\"amount\":42.5,\"$lib\":\"x\"}},"
            .repeat(200) + "{}]}").getBytes(StandardCharsets.UTF_8);

    @Test
    void theNativeLibraryIsPreferredWhenBothArePresent() {
        assertThat(ZstdCodec.available()).isTrue();
        assertThat(ZstdCodec.implementation()).isEqualTo("zstd-jni");
    }

    @Test
    void bothLibrariesWriteFramesTheOtherReads() throws Exception {
        byte[] jni = ZstdCodec.compress(BATCH);
        byte[] air = ZstdCodec.compressPureJava(BATCH);

        assertThat(jni.length).isLessThan(BATCH.length / 10);
        assertThat(air.length).isLessThan(BATCH.length / 10);
        // each read by the other library's decoder
        try (var in = new com.github.luben.zstd.ZstdInputStream(new ByteArrayInputStream(air))) {
            assertThat(in.readAllBytes()).isEqualTo(BATCH);
        }
        byte[] out = new byte[BATCH.length];
        int n = new io.airlift.compress.zstd.ZstdDecompressor().decompress(jni, 0, jni.length, out, 0, out.length);
        assertThat(n).isEqualTo(BATCH.length);
        assertThat(out).isEqualTo(BATCH);
    }

    @Test
    void anEmptyBodyRoundTrips() throws Exception {
        try (var in = new com.github.luben.zstd.ZstdInputStream(
                new ByteArrayInputStream(ZstdCodec.compress(new byte[0])))) {
            assertThat(in.readAllBytes()).isEmpty();
        }
    }

    /** The core loaded without either library, as in an application that added neither. */
    @Test
    void withoutALibraryBuildingAZstdClientFailsWithAClearMessage() throws Exception {
        URL core = PostHogClient.class.getProtectionDomain().getCodeSource().getLocation();
        URL jackson = tools.jackson.core.json.JsonFactory.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader bare = new URLClassLoader(new URL[] {core, jackson},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> client = bare.loadClass(PostHogClient.class.getName());
            Class<?> compression = bare.loadClass(Compression.class.getName());
            Object builder = client.getMethod("builder", String.class).invoke(null, "phc_x");
            Object zstd = compression.getField("ZSTD").get(null);
            builder.getClass().getMethod("compression", compression).invoke(builder, zstd);

            assertThatThrownBy(() -> {
                try {
                    builder.getClass().getMethod("build").invoke(builder);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Compression.ZSTD needs a zstd library on the classpath: add "
                            + "com.github.luben:zstd-jni or io.airlift:aircompressor, or choose Compression.GZIP");
            Class<?> codec = bare.loadClass(ZstdCodec.class.getName());
            assertThat(codec.getMethod("implementation").invoke(null)).isEqualTo("none");
        }
    }
}
