package io.github.posthogcommunity.posthog.benchmarks.jmh;

import io.github.posthogcommunity.posthog.Compression;
import io.github.posthogcommunity.posthog.benchmarks.Workload;
import io.github.posthogcommunity.posthog.internal.event.EventRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Compression of one real 100-event capture body (v0, as the dispatcher encodes it) by each candidate encoder: time
 * per body here, and the compressed size printed once per trial ("ratio" line), so speed and ratio come from one run.
 * gzip is measured as the SDK runs it (deflate level 1); zstd through zstd-jni (native) at levels 1 and 3 and
 * through aircompressor (pure Java, one level).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CompressionBenchmark {

    @Param({"gzip-1", "zstd-jni-1", "zstd-jni-3", "aircompressor"})
    public String codec;

    private byte[] body;

    @Setup(Level.Trial)
    public void setUp() {
        WireCase wire = WireCase.of("v0", Compression.NONE);
        List<EventRecord> events = new ArrayList<>();
        Instant now = Instant.parse("2026-11-22T12:00:00.123Z");
        for (int i = 0; i < 100; i++) {
            EventRecord e = new EventRecord(Workload.EVENT, Workload.distinctId(0, i),
                    new UUID(0x0190_0000_0000_7000L + i, i), now.plusMillis(i), new java.util.LinkedHashMap<>(Workload.properties(i)), 0L);
            e.encoded(wire.encode(e));
            events.add(e);
        }
        body = wire.request(events).body();
        int compressed = compress().length;
        System.out.printf("%nratio %s: %d -> %d bytes (%.1fx)%n", codec, body.length, compressed,
                (double) body.length / compressed);
    }

    @Benchmark
    public byte[] compress() {
        return switch (codec) {
            case "gzip-1" -> deflate(body);
            case "zstd-jni-1" -> com.github.luben.zstd.Zstd.compress(body, 1);
            case "zstd-jni-3" -> com.github.luben.zstd.Zstd.compress(body, 3);
            case "aircompressor" -> air(body);
            default -> throw new IllegalArgumentException(codec);
        };
    }

    private static byte[] deflate(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4);
        Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
        try (DeflaterOutputStream gzip = new DeflaterOutputStream(out, deflater)) {
            gzip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deflater.end();
        }
        return out.toByteArray();
    }

    private static byte[] air(byte[] body) {
        io.airlift.compress.zstd.ZstdCompressor compressor = new io.airlift.compress.zstd.ZstdCompressor();
        byte[] out = new byte[compressor.maxCompressedLength(body.length)];
        int n = compressor.compress(body, 0, body.length, out, 0, out.length);
        return java.util.Arrays.copyOf(out, n);
    }
}
