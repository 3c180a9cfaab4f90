package io.github.posthogcommunity.posthog.benchmarks.jmh;

import io.github.posthogcommunity.posthog.DropReason;
import io.github.posthogcommunity.posthog.FlushResult;
import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.PostHogStats;
import io.github.posthogcommunity.posthog.benchmarks.Workload;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code capture()} cost on the calling thread when the queue has room: what an application pays per event in
 * normal operation. {@link CaptureBenchmark} captures flat out, faster than any pipeline can encode, compress and
 * send on a small machine, so most of its captures find the queue full and its percentiles describe the drop path.
 *
 * <p>Each invocation captures a burst of {@value #BURST} events (one producer thread, the dispatcher encoding them
 * on another core as they arrive); before each burst, untimed, a flush waits until every earlier event was handed
 * to the {@link NoopTransport}. The time per operation is the burst's time divided by its size, so the sample
 * percentiles are over bursts. The tear-down fails the run if any capture was dropped.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class AcceptedCaptureBenchmark {

    /** Events per timed invocation; far below the queue bound, so none is dropped. */
    static final int BURST = 1_000;

    private PostHogClient client;
    private Map<String, Object> properties;
    private long seq;

    @Setup(Level.Trial)
    public void start() {
        client = PostHogClient.builder("phc_benchmark")
                .host("http://127.0.0.1:9")
                .httpTransport(new NoopTransport())
                .flushAt(100)
                .maxBatchSize(100)
                .flushInterval(Duration.ofSeconds(1))
                .maxQueueSize(100_000)
                .shutdownTimeout(Duration.ofSeconds(5))
                .build();
        properties = Workload.properties(-1);
    }

    /** Untimed: the previous burst is delivered, so each burst starts with an empty queue. */
    @Setup(Level.Invocation)
    public void drain() {
        FlushResult result = client.flush(Duration.ofSeconds(30));
        if (!result.completed()) {
            throw new IllegalStateException("the flush between bursts did not complete: " + result);
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        client.shutdown(Duration.ofSeconds(5));
        PostHogStats s = client.stats();
        System.out.printf("%n[accepted capture] captured=%d sent=%d dropped=%d requests=%d%n", s.captured(),
                s.sent(), s.droppedTotal(), s.requests());
        if (s.droppedTotal() != 0) {
            throw new IllegalStateException(s.dropped(DropReason.QUEUE_FULL) + " queue-full drops of "
                    + s.droppedTotal() + ": this benchmark must measure accepted captures only");
        }
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(BURST)
    public void burst_1thread(Blackhole blackhole) {
        for (int i = 0; i < BURST; i++) {
            blackhole.consume(client.capture(Workload.distinctId(0, seq++), Workload.EVENT, properties));
        }
    }
}
