package io.github.posthogcommunity.posthog.benchmarks.caller;

import io.github.posthogcommunity.posthog.FlushResult;
import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.PostHogStats;
import io.github.posthogcommunity.posthog.benchmarks.Workload;
import io.github.posthogcommunity.posthog.benchmarks.jmh.NoopTransport;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * What an accepted {@code capture()} costs the calling thread, split into its own CPU time and the time it spends
 * off the CPU: {@code java -jar posthog-benchmarks.jar caller-cost [bursts] [events per burst]} (default 1 500 and
 * 2 000; the first third of the bursts warm up and are not counted).
 *
 * <p>Each burst captures into a queue with room (the {@link NoopTransport}, the same event as every benchmark),
 * then a flush waits until the burst is delivered. Per burst it reads the calling thread's CPU time and allocation
 * ({@code com.sun.management.ThreadMXBean}) and, on Linux, its context switches ({@code /proc/thread-self/status}):
 * involuntary switches are preemptions, by the pipeline's own threads among others. At the end it prints the
 * medians and the CPU time the client's threads used per delivered event. Uses the public API only, so it can be
 * built against an older release for a comparison.
 */
public final class CallerCostRunner {

    private CallerCostRunner() {
    }

    public static void main(String[] args) throws Exception {
        int bursts = args.length > 0 ? Integer.parseInt(args[0]) : 1_500;
        int perBurst = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        System.out.println(run(bursts, perBurst));
    }

    /** Runs the measurement and returns its one-line summary; throws if any capture was dropped. */
    public static String run(int bursts, int perBurst) throws IOException {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        int warmup = bursts / 3;
        int counted = bursts - warmup;
        double[] wall = new double[counted];
        double[] cpu = new double[counted];
        double[] bytes = new double[counted];
        long preempted = 0;
        Map<String, Object> properties = Workload.properties(-1);
        try (PostHogClient client = PostHogClient.builder("phc_caller_cost").host("http://127.0.0.1:9")
                .httpTransport(new NoopTransport()).flushAt(100).maxBatchSize(100)
                .flushInterval(Duration.ofSeconds(1)).maxQueueSize(Math.max(10_000, 2 * perBurst)).build()) {
            long seq = 0;
            for (int burst = 0; burst < bursts; burst++) {
                long switches = involuntarySwitches();
                long allocated = threads.getThreadAllocatedBytes(self);
                long cpuStart = threads.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                for (int i = 0; i < perBurst; i++) {
                    client.capture(Workload.distinctId(0, seq++), Workload.EVENT, properties);
                }
                long end = System.nanoTime();
                long cpuEnd = threads.getCurrentThreadCpuTime();
                long allocatedEnd = threads.getThreadAllocatedBytes(self);
                long switchesEnd = involuntarySwitches();
                if (burst >= warmup) {
                    int k = burst - warmup;
                    wall[k] = (end - start) / (double) perBurst;
                    cpu[k] = (cpuEnd - cpuStart) / (double) perBurst;
                    bytes[k] = (allocatedEnd - allocated) / (double) perBurst;
                    preempted += switchesEnd - switches;
                }
                FlushResult flushed = client.flush(Duration.ofSeconds(60));
                if (!flushed.completed()) {
                    throw new IllegalStateException("a flush between bursts did not complete: " + flushed);
                }
            }
            long background = 0;
            for (long id : threads.getAllThreadIds()) {
                java.lang.management.ThreadInfo info = threads.getThreadInfo(id);
                if (info != null && info.getThreadName().startsWith("posthog-")) {
                    background += Math.max(0, threads.getThreadCpuTime(id));
                }
            }
            PostHogStats stats = client.stats();
            if (stats.droppedTotal() != 0) {
                throw new IllegalStateException(stats.droppedTotal() + " captures dropped: the queue must have room");
            }
            Arrays.sort(wall);
            Arrays.sort(cpu);
            Arrays.sort(bytes);
            return String.format("caller per capture: wall median %.0f ns; CPU p10 %.0f, median %.0f, p90 %.0f ns; "
                            + "%.0f B; involuntary switches per burst %.2f; client threads' CPU per event %.0f ns",
                    wall[counted / 2], cpu[counted / 10], cpu[counted / 2], cpu[counted * 9 / 10],
                    bytes[counted / 2], preempted / (double) counted, background / (double) stats.sent());
        }
    }

    /** The calling thread's involuntary context switches so far; 0 where {@code /proc} does not tell. */
    private static long involuntarySwitches() throws IOException {
        Path status = Path.of("/proc/thread-self/status");
        if (!Files.isReadable(status)) {
            return 0;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return 0;
    }
}
