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
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Runs HTTP attempts concurrently, so one slow request stalls one sender, never the dispatcher.
 *
 * <p><b>Concurrency bound.</b> The dispatcher owns the bound ({@link ConcurrencyLimit}) and never has more batches
 * in flight than it; it tells the pool each new value ({@link #resize}). The pool runs at most that many threads,
 * plus one per attempt the dispatcher gave up on that is still stuck in its transport ({@link #giveUp}: far past its
 * request timeout in a transport that ignores timeouts and interruption), so that a straggler does not take a
 * sender away for good; the stragglers' allowance is capped at the limit itself (at most twice the limit in
 * threads), past which a hand-off waits in the queue for a thread. Threads start on demand and an idle thread
 * retires after the keep-alive, so a client that has grown for a burst gives its threads back.
 *
 * <p><b>One completion per attempt.</b> Every {@link #submit} ends in exactly one {@link Completion}, whatever is
 * thrown: by the transport or the body builder (including {@link Error}s: a failed attempt, retried), or by the
 * hand-off to the executor itself (no thread could be started: a failed attempt). An attempt given up on before a
 * thread picked it up is not started at all (the dispatcher has already retried its batch).
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
    /** Measures the build and exchange phases of an attempt (the pipeline's clock; {@link System#nanoTime} in use). */
    private final LongSupplier ticker;
    /** The dispatcher's current bound (guarded by {@code this}). */
    private int limit;
    /** Attempts given up on whose thread is still inside the transport (guarded by {@code this}). */
    private int stragglers;
    private final AtomicInteger failuresLogged = new AtomicInteger();
    private volatile long deadlineNanos;
    private volatile boolean hasDeadline;
    private volatile boolean abandoned;

    SenderPool(int limit, Duration keepAlive, String namePrefix, WireProtocol protocol, HttpTransport transport,
               Duration requestTimeout, LongSupplier ticker, Consumer<Completion> completions) {
        this.limit = limit;
        AtomicInteger count = new AtomicInteger();
        // core == max == the pool size: a hand-off starts a thread while fewer run, else queues for the next free
        // one (the dispatcher never hands out more than the limit, so the queue holds at most the stragglers'
        // share); allowCoreThreadTimeOut retires idle threads whatever the size.
        this.executor = new ThreadPoolExecutor(limit, limit, keepAlive.toNanos(), TimeUnit.NANOSECONDS,
                new LinkedBlockingQueue<>(), r -> {
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
        this.executor.allowCoreThreadTimeOut(true);
        this.protocol = protocol;
        this.transport = transport;
        this.requestTimeoutNanos = requestTimeout.toNanos();
        this.completions = completions;
        this.ticker = ticker;
    }

    /** Dispatcher thread: the number of attempts that may run at once is now {@code value}. */
    synchronized void resize(int value) {
        limit = value;
        applySize();
    }

    /** How long an idle sender thread waits for work before it ends. */
    void keepAlive(Duration value) {
        executor.setKeepAliveTime(value.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Sender threads alive now (idle ones included). */
    int threads() {
        return workers.size();
    }

    private void applySize() { // holding this
        int size = limit + Math.min(stragglers, limit);
        // core <= max must hold at every step: raise the maximum first when growing, lower it last when shrinking
        if (size > executor.getMaximumPoolSize()) {
            executor.setMaximumPoolSize(size);
            executor.setCorePoolSize(size);
        } else if (size < executor.getMaximumPoolSize()) {
            executor.setCorePoolSize(size);
            executor.setMaximumPoolSize(size);
        }
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
        synchronized (batch) {
            batch.givenUp = true;
            if (batch.sender != null) {
                // Under the batch's monitor: the thread cannot have moved on to another attempt, and it counts the
                // straggler out only after this counted it in (lock order: batch, then pool).
                batch.sender.interrupt();
                synchronized (this) {
                    stragglers++;
                    applySize();
                }
            }
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
        synchronized (batch) {
            if (batch.givenUp) {
                return; // given up before it started: the dispatcher has settled or retried the batch
            }
            batch.sender = Thread.currentThread();
        }
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
            boolean straggler;
            synchronized (batch) {
                batch.sender = null;
                straggler = batch.givenUp;
            }
            Thread.interrupted(); // giveUp's interrupt, delivered under the monitor, must not reach the next attempt
            if (straggler) {
                synchronized (this) {
                    stragglers--;
                    applySize();
                }
            }
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
        long buildStart = ticker.getAsLong();
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
        long exchangeStart = ticker.getAsLong();
        AttemptResult result;
        long exchangeNanos = 0;
        try {
            TransportResponse response = transport.send(request);
            exchangeNanos = ticker.getAsLong() - exchangeStart;
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
        return new Completion(batch, result, System.nanoTime() - start, exchangeStart - buildStart, exchangeNanos);
    }

    private void logFailure(String message, Throwable e) {
        if (failuresLogged.getAndIncrement() < 10) {
            LOG.log(System.Logger.Level.ERROR, message, e);
        }
    }
}
