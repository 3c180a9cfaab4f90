package io.github.posthogcommunity.posthog.benchmarks.e2e;

import io.github.posthogcommunity.posthog.benchmarks.Workload;
import io.github.posthogcommunity.posthog.benchmarks.sink.LoopbackSink;
import org.HdrHistogram.Histogram;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one case (scenario x subject x producer threads) against a fresh loopback sink and measures it. Every wait
 * is bounded by the case's time limit; a case that runs out reports {@code status: timeout} with what it measured.
 *
 * <p>Scenarios: {@code fast} (a) fast sink, delivery without flush; {@code slow} (b) every answer delayed;
 * {@code retry} (c) the first request answered 503, no flush, time to full delivery; {@code flushclose} (d)
 * {@code flush()} then {@code close()} right away with a partial last batch, events lost; {@code hang} (e) a sink
 * that never answers, time for {@code close()} to return; {@code remote} (f) every answer delayed as by a link to
 * another continent, several producer threads.
 */
final class CaseRunner {

    private static final double NANOS_PER_MS = 1_000_000.0;

    private final Options options;

    CaseRunner(Options options) {
        this.options = options;
    }

    Result run(String scenario, String subjectName, int threads) {
        Subject subject = options.subject(subjectName);
        Subject.Settings settings = options.settings(scenario);
        int events = options.eventsOf(scenario);
        Duration limit = Duration.ofSeconds(options.limitOf(scenario));
        long caseStart = System.nanoTime();
        long deadline = caseStart + limit.toNanos();
        Result r = new Result()
                .put("scenario", scenario)
                .put("subject", subjectName)
                .put("artifact", subject.artifact())
                .put("threads", threads)
                .put("events", events)
                .put("batch", settings.batchSize())
                .put("flush_interval_ms", settings.flushInterval().toMillis())
                .put("queue_capacity", settings.queueCapacity())
                .put("shutdown_timeout_ms", settings.shutdownTimeout().toMillis())
                .put("retry_after_s", scenario.equals("retry") ? options.retryAfterS : null)
                .put("gzip_option", subjectName.equals("community") ? settings.gzip() : null)
                .put("status", "ok");
        LoopbackSink.Behaviour behaviour = switch (scenario) {
            case "slow" -> LoopbackSink.Behaviour.delayed(Duration.ofMillis(options.slowDelayMs));
            case "remote" -> LoopbackSink.Behaviour.delayed(Duration.ofMillis(options.remoteDelayMs));
            case "retry" -> new LoopbackSink.Behaviour(Duration.ZERO, 1, options.retryAfterS, false);
            case "hang" -> LoopbackSink.Behaviour.hang();
            default -> LoopbackSink.Behaviour.fast();
        };
        HeapSampler heap = new HeapSampler();
        try (LoopbackSink sink = LoopbackSink.start(behaviour)) {
            sink.expect(events);
            if (options.dumpBodies) {
                java.nio.file.Files.createDirectories(options.out);
                sink.dumpFirstBody(options.out.resolve("body-" + scenario + "-t" + threads + "-" + subjectName + ".json"));
            }
            heap.start();
            long cpuStart = ProcessCpu.nanos();
            Subject.Client client = subject.start(sink.url(), settings);

            // Capture phase: producers capture concurrently, each call timed.
            Producers producers = new Producers(client, threads, events, deadline);
            Timeline timeline = options.timeline ? Timeline.start(producers, sink) : null;
            producers.run();
            r.put("capture_ops_s", producers.opsPerSecond());
            Histogram h = producers.latencies;
            r.put("p50_us", h.getValueAtPercentile(50) / 1000.0)
                    .put("p99_us", h.getValueAtPercentile(99) / 1000.0)
                    .put("p999_us", h.getValueAtPercentile(99.9) / 1000.0)
                    .put("max_us", h.getMaxValue() / 1000.0)
                    .put("captured", producers.captured.get())
                    .put("rejected_at_capture", producers.rejected.get());
            if (producers.timedOut) {
                r.put("status", "timeout");
            }
            long start = producers.startNanos;

            // Delivery / shutdown phase.
            switch (scenario) {
                case "fast", "slow", "retry", "remote" -> {
                    boolean all = sink.awaitAll(remaining(deadline));
                    if (!all) {
                        r.put("status", "timeout");
                    }
                    cpu(r, cpuStart, sink.distinctReceived());
                    closeBounded(client, deadline, r);
                }
                case "flushclose" -> {
                    boolean hasFlush = true;
                    long flushStart = System.nanoTime();
                    long flushTook = bounded(() -> {
                        if (!client.flush()) {
                            throw new UnsupportedOperationException();
                        }
                    }, remaining(deadline));
                    if (flushTook == -2) {
                        hasFlush = false;
                    } else if (flushTook < 0) {
                        r.put("status", "timeout");
                    } else {
                        r.put("flush_ms", flushTook / NANOS_PER_MS);
                    }
                    r.put("has_flush", hasFlush);
                    closeBounded(client, deadline, r);
                    r.put("flush_close_ms", (System.nanoTime() - flushStart) / NANOS_PER_MS);
                }
                case "hang" -> closeBounded(client, deadline, r);
                default -> throw new IllegalArgumentException(scenario);
            }
            // Lost = expected events the sink never saw by the time close() returned (or the case ran out).
            long distinct = sink.distinctReceived();
            r.put("delivered", distinct)
                    .put("lost", events - distinct);
            // Some SDKs return from close() before their queue is drained and go on sending in the background
            // (a JVM that exits right after close() would lose those): count what still arrives within a grace.
            if (distinct < events && options.graceMs > 0 && !scenario.equals("hang")) {
                long graceEnd = Math.min(deadline, System.nanoTime() + options.graceMs * 1_000_000L);
                while (System.nanoTime() < graceEnd && sink.distinctReceived() < events) {
                    Thread.sleep(5);
                }
                distinct = sink.distinctReceived();
            }
            r.put("lost_after_grace", events - distinct)
                    .put("duplicates", sink.eventsReceived() - distinct);
            long end = sink.reachedAllAt() > 0 ? sink.reachedAllAt() : sink.lastNewEventAt();
            r.put("delivered_eps", end > start && distinct > 0 ? distinct / ((end - start) / 1e9) : null)
                    .put("t_first_ms", sink.firstEventAt() > 0 ? (sink.firstEventAt() - start) / NANOS_PER_MS : null)
                    .put("capture_phase_ms", (producers.endNanos - start) / NANOS_PER_MS)
                    .put("t99_ms", sink.reached99At() > 0 ? (sink.reached99At() - start) / NANOS_PER_MS : null)
                    .put("t100_ms", sink.reachedAllAt() > 0 ? (sink.reachedAllAt() - start) / NANOS_PER_MS : null)
                    .put("requests", sink.captureRequests())
                    .put("answered_503", sink.failedAnswers())
                    .put("gzip_requests", sink.gzipRequests())
                    .put("malformed_requests", sink.malformedRequests())
                    .put("held_requests", sink.heldRequests())
                    .put("wire_bytes", sink.wireBytes())
                    .put("other_requests", sink.otherRequests());
            if (timeline != null) {
                r.put("timeline_ms_captured_delivered", timeline.stop());
            }
        } catch (Exception | Error e) {
            r.put("status", "error").put("error", e.toString());
        } finally {
            heap.stop();
            r.put("peak_heap_mb", heap.peakBytes() / (1024.0 * 1024.0));
            r.put("case_ms", (System.nanoTime() - caseStart) / NANOS_PER_MS);
        }
        return r;
    }

    /**
     * CPU time of the whole case JVM (user + sys, every thread: the SDK, the producers and the in-process sink,
     * which does the same work for every SDK) from the client's start until every event was delivered.
     */
    private static void cpu(Result r, long cpuStart, long delivered) {
        long used = ProcessCpu.nanos() - cpuStart;
        if (cpuStart >= 0 && used > 0 && delivered > 0) {
            r.put("cpu_ms", used / NANOS_PER_MS).put("cpu_s_per_100k", used / 1e9 * 100_000 / delivered);
        }
    }

    private void closeBounded(Subject.Client client, long deadline, Result r) {
        long took = bounded(client::close, remaining(deadline));
        if (took < 0) {
            r.put("close_ms", null).put("status", "timeout").put("close_status", "timeout");
        } else {
            r.put("close_ms", took / NANOS_PER_MS).put("close_status", "returned");
        }
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    /**
     * Runs {@code action} on a daemon thread and waits at most {@code limit}.
     *
     * @return nanos it took; -1 on timeout; -2 when it threw {@link UnsupportedOperationException}
     */
    private static long bounded(Runnable action, Duration limit) {
        CountDownLatch done = new CountDownLatch(1);
        AtomicBoolean unsupported = new AtomicBoolean();
        AtomicLong took = new AtomicLong();
        Thread t = new Thread(() -> {
            long s = System.nanoTime();
            try {
                action.run();
            } catch (UnsupportedOperationException e) {
                unsupported.set(true);
            } catch (RuntimeException e) {
                // an SDK failing in close still returned; measured as such
            } finally {
                took.set(System.nanoTime() - s);
                done.countDown();
            }
        }, "bench-bounded");
        t.setDaemon(true);
        t.start();
        try {
            if (!done.await(Math.max(1, limit.toNanos()), TimeUnit.NANOSECONDS)) {
                return -1;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
        return unsupported.get() ? -2 : took.get();
    }

    /** Producer threads: each captures its share of events (numbered, so the sink can count distinct ones). */
    private static final class Producers {
        final Subject.Client client;
        final int threads;
        final int events;
        final long deadline;
        final Histogram latencies = new Histogram(3_600_000_000_000L, 3);
        final AtomicLong captured = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
        volatile boolean timedOut;
        long startNanos;
        long endNanos;

        Producers(Subject.Client client, int threads, int events, long deadline) {
            this.client = client;
            this.threads = threads;
            this.events = events;
            this.deadline = deadline;
        }

        void run() throws InterruptedException {
            List<Thread> workers = new ArrayList<>();
            List<Histogram> histograms = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            int per = events / threads;
            int extra = events % threads;
            int from = 0;
            for (int t = 0; t < threads; t++) {
                int count = per + (t < extra ? 1 : 0);
                int first = from;
                from += count;
                int thread = t;
                Histogram h = new Histogram(3_600_000_000_000L, 3);
                histograms.add(h);
                Thread w = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < count; i++) {
                        if ((i & 255) == 0 && System.nanoTime() > deadline) {
                            timedOut = true;
                            return;
                        }
                        long seq = first + i;
                        var props = Workload.properties(seq);
                        String id = Workload.distinctId(thread, seq);
                        long s = System.nanoTime();
                        boolean accepted = client.capture(id, Workload.EVENT, props);
                        h.recordValue(System.nanoTime() - s);
                        captured.incrementAndGet();
                        if (!accepted) {
                            rejected.incrementAndGet();
                        }
                    }
                }, "bench-producer-" + t);
                w.setDaemon(true);
                workers.add(w);
                w.start();
            }
            startNanos = System.nanoTime();
            go.countDown();
            for (Thread w : workers) {
                w.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                if (w.isAlive()) {
                    timedOut = true;
                }
            }
            endNanos = System.nanoTime();
            for (Histogram h : histograms) {
                latencies.add(h);
            }
        }

        double opsPerSecond() {
            return captured.get() / ((endNanos - startNanos) / 1e9);
        }
    }

    /** Captured and delivered counts every 100 ms, as "ms:captured:delivered ..." (for diagnosing stalls). */
    private static final class Timeline {
        private final StringBuilder points = new StringBuilder();
        private volatile boolean running = true;
        private Thread thread;

        static Timeline start(Producers producers, LoopbackSink sink) {
            Timeline t = new Timeline();
            long start = System.nanoTime();
            t.thread = new Thread(() -> {
                while (t.running) {
                    synchronized (t.points) {
                        t.points.append((System.nanoTime() - start) / 1_000_000).append(':')
                                .append(producers.captured.get()).append(':').append(sink.distinctReceived()).append(' ');
                    }
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-timeline");
            t.thread.setDaemon(true);
            t.thread.start();
            return t;
        }

        String stop() {
            running = false;
            thread.interrupt();
            synchronized (points) {
                return points.toString().trim();
            }
        }
    }

    /** Samples used heap every 5 ms; reports the peak. */
    private static final class HeapSampler {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final AtomicLong peak = new AtomicLong();
        private volatile boolean running;
        private Thread thread;

        void start() {
            running = true;
            thread = new Thread(() -> {
                while (running) {
                    sample();
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-heap-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        private void sample() {
            long used = memory.getHeapMemoryUsage().getUsed();
            peak.accumulateAndGet(used, Math::max);
        }

        void stop() {
            running = false;
            if (thread != null) {
                thread.interrupt();
            }
            sample();
        }

        long peakBytes() {
            return peak.get();
        }
    }
}
