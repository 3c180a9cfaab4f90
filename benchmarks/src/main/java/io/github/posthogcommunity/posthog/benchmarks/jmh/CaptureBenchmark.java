package io.github.posthogcommunity.posthog.benchmarks.jmh;

import io.github.posthogcommunity.posthog.Compression;
import io.github.posthogcommunity.posthog.DropReason;
import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.PostHogClientBuilder;
import io.github.posthogcommunity.posthog.PostHogStats;
import io.github.posthogcommunity.posthog.benchmarks.Workload;
import io.github.posthogcommunity.posthog.benchmarks.sink.LoopbackSink;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * {@code capture()} cost on the calling thread at 1, 4 and 16 producer threads, with the whole pipeline running
 * behind it (dispatcher, batching, encoding, gzip, sender pool).
 *
 * <p>{@code transport=noop}: a no-op {@link NoopTransport} through the public {@code httpTransport(...)} seam (no
 * socket; isolates the client). {@code transport=sink}: the default JDK HTTP transport to a {@link LoopbackSink} on
 * 127.0.0.1 (real sockets, the sink gunzips and counts in the same JVM).
 *
 * <p>Run in throughput and sample-time modes (percentiles); add {@code -prof gc} for bytes allocated per capture
 * ({@code gc.alloc.rate.norm}). The {@code accepted}/{@code dropped} counters show whether the pipeline kept up:
 * a capture that finds the queue full returns at once, which would flatter the throughput.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class CaptureBenchmark {

    @Param({"noop", "sink"})
    public String transport;

    @Param({"GZIP"})
    public Compression compression;

    @Param({"100000"})
    public int maxQueueSize;

    private LoopbackSink sink;
    private NoopTransport noop;
    private PostHogClient client;

    @Setup(Level.Trial)
    public void start() throws Exception {
        PostHogClientBuilder builder = PostHogClient.builder("phc_benchmark")
                .flushAt(100)
                .maxBatchSize(100)
                .flushInterval(Duration.ofSeconds(1))
                .maxQueueSize(maxQueueSize)
                .shutdownTimeout(Duration.ofSeconds(5))
                .compression(compression);
        switch (transport) {
            case "noop" -> {
                noop = new NoopTransport();
                builder.host("http://127.0.0.1:9").httpTransport(noop);
            }
            case "sink" -> {
                sink = LoopbackSink.start(LoopbackSink.Behaviour.fast());
                builder.host(sink.url());
            }
            default -> throw new IllegalArgumentException("transport " + transport);
        }
        client = builder.build();
    }

    @TearDown(Level.Trial)
    public void stop() {
        client.shutdown(Duration.ofSeconds(5));
        PostHogStats s = client.stats();
        System.out.printf("%n[capture %s] captured=%d sent=%d queue_full=%d dropped=%d requests=%d%n", transport,
                s.captured(), s.sent(), s.dropped(DropReason.QUEUE_FULL), s.droppedTotal(), s.requests());
        if (sink != null) {
            sink.close();
        }
    }

    /** Per producer thread: its own properties map (capture copies it) and outcome counters. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Producer {
        public long accepted;
        public long dropped;
        Map<String, Object> properties;
        int thread;
        long seq;

        @Setup(Level.Trial)
        public void setUp(ThreadParams params) {
            thread = params.getThreadIndex();
            properties = Workload.properties(-1);
        }
    }

    private UUID capture(Producer p) {
        UUID id = client.capture(Workload.distinctId(p.thread, p.seq++), Workload.EVENT, p.properties);
        if (id == null) {
            p.dropped++;
        } else {
            p.accepted++;
        }
        return id;
    }

    @Benchmark
    @Threads(1)
    public UUID capture_1thread(Producer p) {
        return capture(p);
    }

    @Benchmark
    @Threads(4)
    public UUID capture_4threads(Producer p) {
        return capture(p);
    }

    @Benchmark
    @Threads(16)
    public UUID capture_16threads(Producer p) {
        return capture(p);
    }
}
