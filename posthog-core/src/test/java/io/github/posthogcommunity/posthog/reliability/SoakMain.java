package io.github.posthogcommunity.posthog.reliability;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.PostHogStats;
import io.github.posthogcommunity.posthog.ShutdownResult;
import io.github.posthogcommunity.posthog.support.CaptureServer;
import io.github.posthogcommunity.posthog.support.TestClients;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The soak (not part of the build's tests): a steady capture rate for N minutes against a local server with
 * periodic faults; every interval it prints the counters, the retained heap and the thread count; at the end it
 * checks the accounting invariant and that heap and threads stayed flat. Run through
 * {@code benchmarks/soak/run-soak.sh [minutes] [events-per-second]}. Exit code 0 when every check holds.
 */
public final class SoakMain {

    private static final int PRODUCERS = 4;
    private static final long REPORT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private SoakMain() {
    }

    /** The fault in force {@code second} seconds into the run: a 60 s cycle. */
    static String phase(long second) {
        long s = second % 60;
        if (s < 35) {
            return "healthy";
        }
        if (s < 45) {
            return "503-storm";
        }
        if (s < 50) {
            return "stall";
        }
        if (s < 55) {
            return "reset";
        }
        return "slow";
    }

    public static void main(String[] args) throws Exception {
        double minutes = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        long runNanos = (long) (minutes * 60e9);
        long startNanos = System.nanoTime();
        try (CaptureServer server = new CaptureServer()) {
            server.recording(false);
            server.respond(r -> switch (phase((System.nanoTime() - startNanos) / 1_000_000_000L)) {
                case "503-storm" -> CaptureServer.status(503);
                case "stall" -> new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build();
                case "reset" -> new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
                case "slow" -> new MockResponse.Builder().code(200).body("{\"status\":1}")
                        .headersDelay(300, TimeUnit.MILLISECONDS).build();
                default -> CaptureServer.ok();
            });
            PostHogClient client = TestClients.builder(server).flushAt(100).flushInterval(Duration.ofSeconds(1))
                    .requestTimeout(Duration.ofSeconds(2)).maxRetries(5).shutdownTimeout(Duration.ofSeconds(10))
                    .build();
            System.out.printf("soak: %.1f min at %d events/s, %d producers, faults every minute (35 s healthy, "
                    + "10 s 503, 5 s stall, 5 s reset, 5 s slow)%n", minutes, rate, PRODUCERS);
            System.out.println("  time  phase      captured       sent   dropped  pending  retries  heapKiB threads"
                    + " sdkThreads");
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> producers = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                int id = p;
                Thread t = new Thread(() -> produce(client, id, rate / PRODUCERS, stop), "soak-producer-" + p);
                t.start();
                producers.add(t);
            }
            List<long[]> samples = new ArrayList<>(); // {heap, threads}
            long nextReport = startNanos + REPORT_EVERY_NANOS;
            while (System.nanoTime() - startNanos < runNanos) {
                LockSupport.parkNanos(Math.max(1, Math.min(nextReport, startNanos + runNanos) - System.nanoTime()));
                if (System.nanoTime() >= nextReport) {
                    nextReport += REPORT_EVERY_NANOS;
                    samples.add(sample(client, startNanos));
                }
            }
            stop.set(true);
            for (Thread t : producers) {
                t.join(10_000);
            }
            ShutdownResult closed = client.shutdown(Duration.ofSeconds(10));
            PostHogStats stats = client.stats();
            System.out.println("soak: closed " + closed);
            System.out.println("soak: final " + stats);
            boolean ok = true;
            if (stats.pending() != 0 || stats.captured() != stats.sent() + stats.droppedTotal()) {
                System.out.println("soak: FAIL accounting invariant");
                ok = false;
            }
            ok &= flat(samples);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
            long sdkThreads = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.isAlive() && t.getName().startsWith("posthog-")).count();
            if (sdkThreads != 0) {
                System.out.println("soak: FAIL " + sdkThreads + " SDK threads alive after close");
                ok = false;
            }
            System.out.println(ok ? "soak: PASS" : "soak: FAIL");
            System.exit(ok ? 0 : 1);
        }
    }

    private static void produce(PostHogClient client, int id, int perSecond, AtomicBoolean stop) {
        long intervalNanos = 1_000_000_000L / Math.max(1, perSecond);
        long next = System.nanoTime();
        long i = 0;
        while (!stop.get()) {
            client.capture("soak-user-" + (i % 500), "soak_event", Map.of("producer", id, "i", i,
                    "path", "/checkout/step/" + (i % 7)));
            i++;
            next += intervalNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }

    private static long[] sample(PostHogClient client, long startNanos) {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        long heap = rt.totalMemory() - rt.freeMemory();
        int threads = Thread.activeCount();
        long sdkThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("posthog-")).count();
        long second = (System.nanoTime() - startNanos) / 1_000_000_000L;
        PostHogStats s = client.stats();
        System.out.printf("%5ds  %-9s %9d %10d %9d %8d %8d %8d %7d %10d%n", second, phase(second), s.captured(),
                s.sent(), s.droppedTotal(), s.pending(), s.retries(), heap / 1024, threads, sdkThreads);
        // SDK threads are judged (the JDK HTTP client's idle workers and the test server's linger for a minute)
        return new long[] {heap, sdkThreads};
    }

    /** Heap and threads of the last third of the run stay within a tolerance of the first third's maximum. */
    private static boolean flat(List<long[]> samples) {
        if (samples.size() < 6) {
            System.out.println("soak: too short to judge flatness (" + samples.size() + " samples)");
            return true;
        }
        int third = samples.size() / 3;
        long heapEarly = 0;
        long threadsEarly = 0;
        for (int i = 1; i <= third; i++) { // skip the first sample (warm-up)
            heapEarly = Math.max(heapEarly, samples.get(i)[0]);
            threadsEarly = Math.max(threadsEarly, samples.get(i)[1]);
        }
        long heapLate = 0;
        long threadsLate = 0;
        for (int i = samples.size() - third; i < samples.size(); i++) {
            heapLate = Math.max(heapLate, samples.get(i)[0]);
            threadsLate = Math.max(threadsLate, samples.get(i)[1]);
        }
        boolean heapFlat = heapLate <= heapEarly * 1.25 + 4L * 1024 * 1024;
        boolean threadsFlat = threadsLate <= threadsEarly + 2;
        System.out.printf("soak: heap max early %d KiB, late %d KiB (%s); SDK threads max early %d, late %d (%s)%n",
                heapEarly / 1024, heapLate / 1024, heapFlat ? "flat" : "GROWING", threadsEarly, threadsLate,
                threadsFlat ? "flat" : "GROWING");
        return heapFlat && threadsFlat;
    }
}
