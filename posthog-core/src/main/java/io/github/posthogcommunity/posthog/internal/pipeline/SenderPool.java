package io.github.posthogcommunity.posthog.internal.pipeline;

import io.github.posthogcommunity.posthog.internal.LoggerNames;
import io.github.posthogcommunity.posthog.DropReason;
import io.github.posthogcommunity.posthog.http.HttpTransport;
import io.github.posthogcommunity.posthog.http.TransportClosedException;
import io.github.posthogcommunity.posthog.http.TransportRequest;
import io.github.posthogcommunity.posthog.http.TransportResponse;
import io.github.posthogcommunity.posthog.internal.Threads;
import io.github.posthogcommunity.posthog.internal.wire.AttemptResult;
import io.github.posthogcommunity.posthog.internal.wire.WireProtocol;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs HTTP attempts concurrently, so one slow request stalls one sender, never the dispatcher.
 *
 * <p><b>Concurrency bound.</b> {@link #limit()} is the one place that says how many attempts may run at once; the
 * dispatcher never has more batches in flight than that. The executor may hold up to twice as many threads, so
 * that an attempt the dispatcher gave up on ({@link #giveUp}: far past its request timeout in a transport that
 * ignores timeouts and interruption) does not take a sender away for good; beyond that a hand-off is refused and
 * ends as a failed attempt.
 *
 * <p><b>One completion per attempt.</b> Every {@link #submit} ends in exactly one {@link Completion}, whatever is
 * thrown: by the transport or the body builder (including {@link Error}s: a failed attempt, retried), or by the
 * hand-off to the executor itself (no thread could be started: a failed attempt).
 *
 * <p>Shutdown: after {@link #deadline(long)} every request's timeout is cut to the time left; after
 * {@link #abandon()} no queued attempt starts, and {@link #stop(long)} interrupts what still runs.
 */
final class SenderPool {

    private static final System.Logger LOG = System.getLogger(LoggerNames.PIPELINE);

    private final ThreadPoolExecutor executor;
    private final List<Thread> workers = new CopyOnWriteArrayList<>();
    private final WireProtocol protocol;
    private final HttpTransport transport;
    private final long requestTimeoutNanos;
    private final Consumer<Completion> completions;
    private final int limit;
    private final AtomicInteger failuresLogged = new AtomicInteger();
    private volatile long deadlineNanos;
    private volatile boolean hasDeadline;
    private volatile boolean abandoned;

    SenderPool(int threads, String namePrefix, WireProtocol protocol, HttpTransport transport,
               Duration requestTimeout, Consumer<Completion> completions) {
        this.limit = threads;
        AtomicInteger count = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, 2 * threads, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> {
                    Thread t = new Thread(() -> {
                        try {
                            r.run();
                        } finally {
                            workers.remove(Thread.currentThread());
                        }
                    }, namePrefix + count.incrementAndGet());
                    t.setDaemon(true);
                    workers.add(t);
                    return t;
                });
        this.protocol = protocol;
        this.transport = transport;
        this.requestTimeoutNanos = requestTimeout.toNanos();
        this.completions = completions;
    }

    /** How many attempts may run at once: the dispatcher keeps at most this many batches in flight. */
    int limit() {
        return limit;
    }

    /** Hands one attempt to a sender thread; its outcome arrives as exactly one {@link Completion}. */
    void submit(Batch batch) {
        try {
            executor.execute(() -> attempt(batch));
        } catch (Throwable e) { // RejectedExecutionException, or "unable to create native thread"
            logFailure("PostHog could not start a sender thread", e);
            completions.accept(new Completion(batch, abandoned ? null
                    : AttemptResult.retry(0, null, "no sender thread could run the attempt: " + e.getClass().getName()),
                    0));
        }
    }

    /** The dispatcher stopped waiting for {@code batch}'s attempt: interrupt it so its thread comes back. */
    void giveUp(Batch batch) {
        Thread sender = batch.sender;
        if (sender != null) {
            sender.interrupt();
        }
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
        Thread.interrupted(); // an interrupt meant for an attempt this thread ran before
        batch.sender = Thread.currentThread();
        long start = System.nanoTime();
        Completion completion;
        try {
            completion = run(batch, start);
        } catch (Throwable e) {
            // An Error from a transport, the body builder or the JVM: the attempt failed, the batch is retried.
            logFailure("PostHog sender hit an unexpected error; the batch will be retried", e);
            completion = new Completion(batch, AttemptResult.retry(0, null,
                    "the attempt failed: " + e.getClass().getName()), System.nanoTime() - start);
        } finally {
            batch.sender = null;
        }
        completions.accept(completion);
    }

    private Completion run(Batch batch, long start) {
        long timeout = requestTimeoutNanos;
        if (hasDeadline) {
            timeout = Math.min(timeout, deadlineNanos - System.nanoTime());
        }
        if (abandoned || timeout <= 0) {
            return new Completion(batch, null, 0);
        }
        TransportRequest request;
        try {
            request = protocol.request(batch.events, batch.attempt, batch.requestId, batch.createdAt,
                    Duration.ofNanos(timeout));
        } catch (RuntimeException e) {
            return new Completion(batch, AttemptResult.dropped(0, DropReason.INVALID,
                    "the request body could not be built: " + e.getClass().getName()), 0);
        }
        if (abandoned) { // shutdown gave up while the body was built: do not start the exchange
            return new Completion(batch, null, 0);
        }
        AttemptResult result;
        try {
            TransportResponse response = transport.send(request);
            result = protocol.interpret(response, batch.events);
        } catch (TransportClosedException e) {
            result = AttemptResult.dropped(0, DropReason.SHUTDOWN, "the HTTP transport is closed");
        } catch (IOException e) {
            result = protocol.noResponse(e);
        } catch (InterruptedException e) {
            if (abandoned) {
                return new Completion(batch, null, System.nanoTime() - start);
            }
            result = AttemptResult.retry(0, null, "the attempt was interrupted");
        } catch (RuntimeException e) {
            // A broken transport: treat like a failure with no response.
            result = AttemptResult.retry(0, null, "transport failed: " + e.getClass().getName());
        }
        return new Completion(batch, result, System.nanoTime() - start);
    }

    private void logFailure(String message, Throwable e) {
        if (failuresLogged.getAndIncrement() < 10) {
            LOG.log(System.Logger.Level.ERROR, message, e);
        }
    }
}
