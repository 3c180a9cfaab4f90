package io.github.posthogcommunity.posthog.internal.pipeline;

import io.github.posthogcommunity.posthog.DropReason;
import io.github.posthogcommunity.posthog.http.HttpTransport;
import io.github.posthogcommunity.posthog.http.TransportRequest;
import io.github.posthogcommunity.posthog.http.TransportResponse;
import io.github.posthogcommunity.posthog.internal.Threads;
import io.github.posthogcommunity.posthog.internal.wire.AttemptResult;
import io.github.posthogcommunity.posthog.internal.wire.WireProtocol;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs HTTP attempts concurrently, so one slow request stalls one sender, never the dispatcher. The dispatcher
 * submits at most {@code threads} batches at a time, so the work queue never holds more than that.
 *
 * <p>Shutdown: after {@link #deadline(long)} every request's timeout is cut to the time left; after
 * {@link #abandon()} no queued attempt starts, and {@link #stop(long)} interrupts what still runs.
 */
final class SenderPool {

    private final ThreadPoolExecutor executor;
    private final List<Thread> workers = new CopyOnWriteArrayList<>();
    private final WireProtocol protocol;
    private final HttpTransport transport;
    private final long requestTimeoutNanos;
    private final Consumer<Completion> completions;
    private volatile long deadlineNanos;
    private volatile boolean hasDeadline;
    private volatile boolean abandoned;

    SenderPool(int threads, String namePrefix, WireProtocol protocol, HttpTransport transport,
               Duration requestTimeout, Consumer<Completion> completions) {
        AtomicInteger count = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.NANOSECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, namePrefix + count.incrementAndGet());
                    t.setDaemon(true);
                    workers.add(t);
                    return t;
                });
        this.protocol = protocol;
        this.transport = transport;
        this.requestTimeoutNanos = requestTimeout.toNanos();
        this.completions = completions;
    }

    void submit(Batch batch) {
        executor.execute(() -> attempt(batch));
    }

    /** From now on no request may run past {@code realDeadlineNanos} ({@link System#nanoTime()} based). */
    void deadline(long realDeadlineNanos) {
        this.deadlineNanos = realDeadlineNanos;
        this.hasDeadline = true;
    }

    /** No attempt starts any more. */
    void abandon() {
        this.abandoned = true;
    }

    /**
     * Interrupts running attempts and waits up to {@code waitNanos} for the threads to end (joined: the executor
     * reports termination a moment before its last worker thread has exited).
     */
    void stop(long waitNanos) {
        abandoned = true;
        executor.shutdownNow();
        Threads.joinAll(workers, waitNanos);
    }

    private void attempt(Batch batch) {
        long timeout = requestTimeoutNanos;
        if (hasDeadline) {
            timeout = Math.min(timeout, deadlineNanos - System.nanoTime());
        }
        if (abandoned || timeout <= 0) {
            completions.accept(new Completion(batch, null, 0));
            return;
        }
        long start = System.nanoTime();
        TransportRequest request;
        try {
            request = protocol.request(batch.events, batch.attempt, batch.requestId, batch.createdAt,
                    Duration.ofNanos(timeout));
        } catch (RuntimeException e) {
            completions.accept(new Completion(batch, AttemptResult.dropped(0, DropReason.INVALID,
                    "the request body could not be built: " + e.getClass().getName()), 0));
            return;
        }
        AttemptResult result;
        try {
            if (abandoned) { // shutdown gave up while the body was built: do not start the exchange
                completions.accept(new Completion(batch, null, 0));
                return;
            }
            TransportResponse response = transport.send(request);
            result = protocol.interpret(response, batch.events);
        } catch (IOException e) {
            result = protocol.noResponse(e);
        } catch (InterruptedException e) {
            completions.accept(new Completion(batch, null, System.nanoTime() - start));
            return;
        } catch (RuntimeException e) {
            // A broken transport: treat like a failure with no response.
            result = AttemptResult.retry(0, null, "transport failed: " + e.getClass().getName());
        }
        completions.accept(new Completion(batch, result, System.nanoTime() - start));
    }
}
