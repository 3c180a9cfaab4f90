package io.github.posthogcommunity.posthog.internal.pipeline;

import io.github.posthogcommunity.posthog.DeliveryListener;
import io.github.posthogcommunity.posthog.DropReason;
import io.github.posthogcommunity.posthog.FlushResult;
import io.github.posthogcommunity.posthog.PostHogStats;
import io.github.posthogcommunity.posthog.QueueFullPolicy;
import io.github.posthogcommunity.posthog.ShutdownResult;
import io.github.posthogcommunity.posthog.http.HttpTransport;
import io.github.posthogcommunity.posthog.internal.ClientConfig;
import io.github.posthogcommunity.posthog.internal.Durations;
import io.github.posthogcommunity.posthog.internal.Threads;
import io.github.posthogcommunity.posthog.internal.LoggerNames;
import io.github.posthogcommunity.posthog.internal.event.EventRecord;
import io.github.posthogcommunity.posthog.internal.wire.WireProtocol;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The event pipeline of one client: the producer-side intake (queue permits and the ring), the dispatcher thread
 * and the sender pool. Capturing threads call {@link #enqueue}; any thread may flush, shut down or read stats.
 */
public final class Pipeline {

    private static final System.Logger LOG = System.getLogger(LoggerNames.PIPELINE);
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final long CLOSE_GRACE_NANOS = Duration.ofSeconds(2).toNanos();
    /** The detail of a drop for want of a queue slot (what an immediate capture's outcome says). */
    public static final String QUEUE_FULL = "the queue is full";
    /** The detail of a drop for want of queue bytes. */
    public static final String QUEUE_BYTES_FULL = "the queued events use maxQueueBytes";

    private final ClientConfig config;
    private final Counters counters = new Counters();
    final Semaphore permits;
    final EventRing ring;
    private final ByteBudget budget;
    /** The budget's refusal flag and the dispatcher's wake-up threshold, read on every capture ({@link PaddedLong}). */
    private final PaddedLong budgetRefusal;
    private final PaddedLong wakeAt;
    /**
     * The client's live list of delivery listeners (listeners may be added after build): drops made on capturing
     * threads are reported only while it is not empty.
     */
    private final List<DeliveryListener> listeners;
    final Dispatcher dispatcher;
    private final AtomicBoolean overflowWarned = new AtomicBoolean();
    private final AtomicBoolean afterShutdownWarned = new AtomicBoolean();
    private final boolean blockWhenFull;
    private final long blockNanos;
    final Thread dispatcherThread;
    private volatile boolean closed;
    private ShutdownRequest shutdownRequest;
    /** Test seam: runs on the dispatcher thread after its loop ended, before it marks itself finished. */
    volatile Runnable beforeFinish = () -> { };

    private Pipeline(ClientConfig config, HttpTransport transport, WireProtocol protocol, String lane) {
        this.config = config;
        this.permits = new Semaphore(config.maxQueueSize());
        this.ring = new EventRing(config.maxQueueSize());
        this.budget = new ByteBudget(config.maxQueueBytes());
        this.blockWhenFull = config.queueFullPolicy() == QueueFullPolicy.BLOCK;
        this.blockNanos = config.queueFullBlockTimeout().toNanos();
        String name = "posthog-" + IDS.incrementAndGet() + lane;
        this.dispatcher = new Dispatcher(config, name, ring, permits, budget, counters, overflowWarned, protocol,
                transport, () -> beforeFinish.run());
        this.listeners = config.deliveryListeners();
        this.budgetRefusal = budget.refusal();
        this.wakeAt = dispatcher.wakeThreshold();
        this.dispatcherThread = dispatcher.start(name + "-dispatcher");
    }

    /**
     * Creates the pipeline and starts its dispatcher thread.
     *
     * @param transport the HTTP seam; the pipeline uses it but does not close it
     * @param protocol the wire format of this lane
     * @param lane a suffix for thread names ({@code ""} for events, {@code "-ai"} for the AI lane)
     */
    public static Pipeline start(ClientConfig config, HttpTransport transport, WireProtocol protocol, String lane) {
        return new Pipeline(config, transport, protocol, lane);
    }

    /** Capturing thread: counts one capture call. */
    public void countCaptured() {
        counters.captured.increment();
    }

    /** Capturing thread: counts an event dropped before the hand-off (and lets listeners hear of it). */
    public void countDrop(DropReason reason) {
        counters.dropAtCapture(reason);
        if (!listeners.isEmpty()) { // the dispatcher's own fields change on every loop turn: touch it only if needed
            dispatcher.droppedAtCapture();
        }
    }

    /** {@code false} once shutdown has begun. */
    public boolean isAccepting() {
        return !closed;
    }

    /** Capturing thread: logs once that events arrive after shutdown. */
    public void warnCaptureAfterShutdown() {
        if (afterShutdownWarned.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "PostHog client is shut down; further events are dropped");
        }
    }

    /**
     * Capturing thread, before any work is spent on an event: drops it when there is no room for it now (the
     * byte budget refuses new events, or, under the drop policy, every queue permit is taken). The drop is counted
     * and logged here, and the caller builds nothing: an overloaded client costs its callers two reads per capture,
     * not a property copy that would be thrown away. {@code null} promises nothing: {@link #enqueue} decides.
     *
     * @param countCapture also count the capture itself when it is dropped (the caller has not counted it yet)
     * @return why the event was dropped ({@link #QUEUE_FULL}, {@link #QUEUE_BYTES_FULL}), or {@code null}
     */
    public String dropIfNoRoom(boolean countCapture) {
        if (budgetRefusal.get() != 0) {
            if (countCapture) {
                countCaptured();
            }
            dropForBytes(null);
            return QUEUE_BYTES_FULL;
        }
        if (!blockWhenFull && permits.availablePermits() == 0) {
            if (countCapture) {
                countCaptured();
            }
            dropForCount(null);
            return QUEUE_FULL;
        }
        return null;
    }

    /**
     * Capturing thread: hands an event to the dispatcher. Never blocks unless the BLOCK queue-full policy is set.
     *
     * @return {@code false} when the event was dropped (queue full or shut down); it is counted
     */
    public boolean enqueue(EventRecord event) {
        if (budgetRefusal.get() != 0) {
            dropForBytes(event);
            return false;
        }
        if (!permits.tryAcquire() && !awaitPermit()) {
            dropForCount(event);
            return false;
        }
        if (closed) {
            // Shutdown began between the caller's check and the permit: the dispatcher may be past its last drain.
            permits.release();
            countDrop(DropReason.SHUTDOWN);
            event.settledDropped(DropReason.SHUTDOWN, 0, "the client is shut down");
            warnCaptureAfterShutdown();
            return false;
        }
        long sequence = ring.publish(event);
        if (sequence >= wakeAt.get()) {
            dispatcher.published(sequence);
        }
        return true;
    }

    /** Counts and logs (once until the queue drains) a drop for want of bytes; {@code event} may be {@code null}. */
    private void dropForBytes(EventRecord event) {
        countDrop(DropReason.QUEUE_FULL);
        if (event != null) {
            event.settledDropped(DropReason.QUEUE_FULL, 0, QUEUE_BYTES_FULL);
        }
        if (!overflowWarned.get() && overflowWarned.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "PostHog queue is full ({0} bytes of events pending, "
                    + "maxQueueBytes); dropping new events until it drains", budget.used());
        }
    }

    /** Counts and logs (once until the queue drains) a drop for want of a permit; {@code event} may be {@code null}. */
    private void dropForCount(EventRecord event) {
        countDrop(DropReason.QUEUE_FULL);
        if (event != null) {
            event.settledDropped(DropReason.QUEUE_FULL, 0, QUEUE_FULL);
        }
        if (!overflowWarned.get() && overflowWarned.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "PostHog queue is full ({0} events pending); dropping new "
                    + "events until it drains", config.maxQueueSize());
        }
    }

    private boolean awaitPermit() {
        if (!blockWhenFull || closed) {
            return false;
        }
        PermitWait wait = new PermitWait(permits, blockNanos);
        try {
            // managedBlock lets a ForkJoinPool add a worker while this one waits: blocking the common pool's only
            // worker would otherwise starve anything else that runs there (the JDK HTTP client does on some JDKs).
            ForkJoinPool.managedBlock(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return wait.acquired;
    }

    /** A timed semaphore wait that ForkJoinPool can compensate for. */
    private static final class PermitWait implements ForkJoinPool.ManagedBlocker {
        private final Semaphore permits;
        private final long nanos;
        private boolean acquired;
        private boolean done;

        PermitWait(Semaphore permits, long nanos) {
            this.permits = permits;
            this.nanos = nanos;
        }

        @Override
        public boolean block() throws InterruptedException {
            acquired = permits.tryAcquire(nanos, TimeUnit.NANOSECONDS);
            done = true;
            return true;
        }

        @Override
        public boolean isReleasable() {
            if (!done && permits.tryAcquire()) {
                acquired = true;
                done = true;
            }
            return done;
        }
    }

    /** Starts a flush of every event accepted before this call. */
    public CompletableFuture<FlushResult> flushAsync() {
        return startFlush().future;
    }

    /**
     * Flushes and waits at most {@code timeout} (saturated: a huge timeout waits as long as it takes); a timed-out
     * or interrupted flush reports what it achieved so far (an interrupt ends the wait, and stays set).
     */
    public FlushResult flush(Duration timeout) {
        FlushRequest request = startFlush();
        try {
            return request.future.get(Durations.nanos(timeout), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return request.result(false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return request.result(false);
        } catch (ExecutionException e) {
            return request.result(false);
        }
    }

    private FlushRequest startFlush() {
        FlushRequest request = new FlushRequest(ring.claimed());
        if (permits.availablePermits() == config.maxQueueSize() || dispatcher.finished()) {
            request.completeIfDone(); // nothing accepted is pending: nothing to send
            return request;
        }
        dispatcher.post(request);
        if (dispatcher.finished()) {
            request.completeIfDone(); // the dispatcher ended before it could see the request
        }
        return request;
    }

    /**
     * Stops accepting events and drains within {@code timeout} (a hard deadline). Idempotent: later calls wait for
     * the first shutdown, at most their own timeout.
     */
    public ShutdownResult shutdown(Duration timeout) {
        return awaitShutdown(beginShutdown(timeout), timeout);
    }

    /** Starts the shutdown (idempotent) without waiting; see {@link #awaitShutdown}. */
    public CompletableFuture<ShutdownResult> beginShutdown(Duration timeout) {
        synchronized (this) {
            if (shutdownRequest == null) {
                ShutdownRequest request = new ShutdownRequest(System.nanoTime(), Durations.nanos(timeout));
                shutdownRequest = request;
                closed = true;
                dispatcher.post(request);
            }
            return shutdownRequest.future;
        }
    }

    /**
     * Waits for a shutdown started with {@link #beginShutdown}, at most {@code timeout} plus a short grace (for the
     * lane's threads to stop). An interrupt does not cut the drain short: the wait goes on, and the caller's
     * interrupt status is restored before returning.
     */
    public ShutdownResult awaitShutdown(CompletableFuture<ShutdownResult> shutdown, Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + Durations.plus(Durations.nanos(timeout), CLOSE_GRACE_NANOS);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    ShutdownResult result = shutdown.get(Math.max(0, deadline - System.nanoTime()),
                            TimeUnit.NANOSECONDS);
                    Threads.joinAll(List.of(dispatcherThread), Math.max(1, deadline - System.nanoTime()));
                    return result;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (TimeoutException | ExecutionException e) {
                    LOG.log(System.Logger.Level.WARNING, "PostHog shutdown did not complete in time");
                    return new ShutdownResult(false, 0, 0, Duration.ofNanos(System.nanoTime() - start));
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Completes once the dispatcher has finished (senders and notifier stopped); only after a shutdown began. */
    public CompletableFuture<ShutdownResult> stopped() {
        synchronized (this) {
            return shutdownRequest == null ? new CompletableFuture<>() : shutdownRequest.future;
        }
    }

    /** A snapshot of the counters. */
    public PostHogStats stats() {
        int capacity = config.maxQueueSize();
        return new PostHogStats(counters.captured.sum(), counters.sent.get(), counters.droppedByReason(),
                Math.max(0, capacity - permits.availablePermits()), capacity, counters.retries.get(),
                counters.retriedEvents.get(), counters.requests.get(), counters.failedRequests.get(), counters.listenerOverflows.get(),
                dispatcher.senderLimit(), dispatcher.sendersInFlight());
    }

    /** Test seam: how long an idle sender thread lives. */
    void senderKeepAlive(Duration value) {
        dispatcher.senders().keepAlive(value);
    }

    /** Test seam: sender threads alive now. */
    int senderThreadsAlive() {
        return dispatcher.senders().threads();
    }
}
