package io.github.posthogcommunity.posthog.benchmarks.jmh;

import io.github.posthogcommunity.posthog.Compression;
import io.github.posthogcommunity.posthog.benchmarks.Workload;
import io.github.posthogcommunity.posthog.http.TransportRequest;
import io.github.posthogcommunity.posthog.internal.event.EventRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Serialization cost per event of a capture wire format, on one thread: {@code encodeEvent} (event to JSON bytes,
 * done once per event by the dispatcher), {@code requestPerEvent} (body assembly + compression of a 100-event batch,
 * per event) and {@code encodeAndRequestPerEvent} (both: the total serialization cost of one event).
 * {@code -prof gc} gives bytes per event.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SerializationBenchmark {

    static final int BATCH = 100;

    /** Capture protocol; add "v1" when posthog-core implements it (see {@link WireCase}). */
    @Param({"v0", "v1"})
    public String protocol;

    @Param({"NONE", "GZIP", "ZSTD"})
    public Compression compression;

    private WireCase wire;
    private List<EventRecord> fresh;
    private List<EventRecord> encoded;

    @Setup(Level.Trial)
    public void setUp() {
        wire = WireCase.of(protocol, compression);
        fresh = new ArrayList<>(BATCH);
        encoded = new ArrayList<>(BATCH);
        Instant now = Instant.parse("2026-11-22T12:00:00.123Z");
        for (int i = 0; i < BATCH; i++) {
            fresh.add(record(i, now));
            EventRecord e = record(i, now);
            e.encoded(wire.encode(e));
            encoded.add(e);
        }
    }

    private static EventRecord record(int i, Instant now) {
        return new EventRecord(Workload.EVENT, Workload.distinctId(0, i), new UUID(0x0190_0000_0000_7000L + i, i),
                now.plusMillis(i), snapshot(Workload.properties(i)), 0L);
    }

    /** An immutable snapshot like the one capture() makes (nested maps and lists unmodifiable). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> snapshot(Map<String, Object> source) {
        Map<String, Object> copy = new LinkedHashMap<>();
        source.forEach((k, v) -> copy.put(k, v instanceof Map<?, ?> m ? snapshot((Map<String, Object>) m)
                : v instanceof List<?> l ? Collections.unmodifiableList(new ArrayList<>(l)) : v));
        return Collections.unmodifiableMap(copy);
    }

    @Benchmark
    public byte[] encodeEvent() {
        return wire.encode(fresh.get(7));
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public TransportRequest requestPerEvent() {
        return wire.request(encoded);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void encodeAndRequestPerEvent(Blackhole bh) {
        for (int i = 0; i < BATCH; i++) {
            bh.consume(wire.encode(fresh.get(i)));
        }
        bh.consume(wire.request(encoded));
    }
}
