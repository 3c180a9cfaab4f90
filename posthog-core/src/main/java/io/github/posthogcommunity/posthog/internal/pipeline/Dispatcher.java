package io.github.posthogcommunity.posthog.internal.pipeline;

import io.github.posthogcommunity.posthog.AttemptReport;
import io.github.posthogcommunity.posthog.DropReason;
import io.github.posthogcommunity.posthog.DropReport;
import io.github.posthogcommunity.posthog.PostHogClock;
import io.github.posthogcommunity.posthog.ShutdownResult;
import io.github.posthogcommunity.posthog.http.HttpTransport;
import io.github.posthogcommunity.posthog.internal.ClientConfig;
import io.github.posthogcommunity.posthog.internal.event.EventRecord;
import io.github.posthogcommunity.posthog.internal.wire.AttemptResult;
import io.github.posthogcommunity.posthog.internal.wire.AttemptResult.Verdict;
import io.github.posthogcommunity.posthog.internal.wire.WireProtocol;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The dispatcher thread: the single owner of the buffer, batch formation, the retry schedule and the flush and
 * shutdown barriers. It never performs I/O; HTTP attempts run on the {@link SenderPool} and come back as
 * {@link Completion}s through the inbox. See {@code docs/architecture.md} for the invariants.
 */
final class Dispatcher implements Runnable {

    private static final System.Logger LOG = System.getLogger("io.github.posthogcommunity.posthog");

    /** A single event larger than this, serialized, is dropped ({@code too_large}). */
    static final int MAX_EVENT_BYTES = 900 * 1024;
    /** The events of one request stay below this (the body must stay under 5 MiB). */
    static final int MAX_BATCH_BYTES = 5 * 1024 * 1024 - 64 * 1024;
    /**
     * Events encoded per loop turn. Small, so that during a capture burst the loop comes back often to pick up
     * sender completions and start the next batches: encoding thousands of events between two looks left the
     * senders idle and the backlog (still holding property maps) growing.
     */
    private static final int DRAIN_CHUNK = 256;
    private static final long SPIN_PARK_NANOS = 20_000;

    // Shared with producers, senders and callers (thread-safe).
    private final EventRing ring;
    private final Semaphore permits;
    private final int capacity;
    private final Counters counters;
    private final AtomicBoolean overflowWarned;
    private final ConcurrentLinkedQueue<Object> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicLong wakeAt = new AtomicLong(Long.MAX_VALUE);
    private final AtomicBoolean captureDropsToReport = new AtomicBoolean();
    private volatile Thread thread;
    private volatile boolean finished;

    // Configuration and collaborators.
    private final PostHogClock clock;
    private final int flushAt;
    private final long intervalNanos;
    private final int maxBatchSize;
    private final int maxRetries;
    private final int maxInFlight;
    private final WireProtocol protocol;
    private final SenderPool senders;
    private final Notifier notifier;
    private final Settlement settlement;

    // Owned by the dispatcher thread.
    private final ArrayDeque<EventRecord> buffer = new ArrayDeque<>();
    private final ArrayDeque<Batch> ready = new ArrayDeque<>();
    private final PriorityQueue<Batch> retries = new PriorityQueue<>(Comparator.comparingLong(b -> b.dueAt));
    private final List<Batch> inFlight = new ArrayList<>();
    private final List<FlushRequest> unbound = new ArrayList<>();
    private final List<FlushRequest> active = new ArrayList<>();
    private ShutdownRequest shutdown;
    private boolean abandonedAll;
    private long abandonedEvents;
    private int loopFailures;
    private final long[] reportedCaptureDrops = new long[DropReason.values().length];

    Dispatcher(ClientConfig config, String name, EventRing ring, Semaphore permits, Counters counters,
               AtomicBoolean overflowWarned, WireProtocol protocol, HttpTransport transport) {
        this.ring = ring;
        this.permits = permits;
        this.capacity = config.maxQueueSize();
        this.counters = counters;
        this.overflowWarned = overflowWarned;
        this.clock = config.clock();
        this.flushAt = config.flushAt();
        this.intervalNanos = config.flushInterval().toNanos();
        this.maxBatchSize = config.maxBatchSize();
        this.maxRetries = config.maxRetries();
        this.maxInFlight = config.senderThreads();
        this.protocol = protocol;
        this.notifier = Notifier.start(config.deliveryListeners(), counters.listenerOverflows, name + "-notifier");
        this.settlement = new Settlement(counters, permits, notifier);
        this.senders = new SenderPool(config.senderThreads(), name + "-sender-", protocol, transport,
                config.requestTimeout(), this::post);
    }

    /** Starts the dispatcher thread. */
    Thread start(String threadName) {
        Thread t = new Thread(this, threadName);
        t.setDaemon(true);
        this.thread = t;
        clock.onJump(this::wake);
        t.start();
        return t;
    }

    /** Hands a flush, shutdown or completion to the dispatcher. Any thread. */
    void post(Object message) {
        inbox.add(message);
        wake();
    }

    /** Any thread: re-run the loop now (for example after a clock jump). */
    void wake() {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Producer hot path: wake the dispatcher only when the event at {@code sequence} makes a batch due. */
    void published(long sequence) {
        long threshold = wakeAt.get();
        if (sequence >= threshold && wakeAt.compareAndSet(threshold, Long.MAX_VALUE)) {
            LockSupport.unpark(thread);
        }
    }

    boolean finished() {
        return finished;
    }

    /** Capturing thread, drop path only: have listeners told about drops before the hand-off. */
    void droppedAtCapture() {
        if (notifier != null && notifier.listening() && captureDropsToReport.compareAndSet(false, true)) {
            wake();
        }
    }

    /** Reports drops made on capturing threads since the last report, one report per reason. */
    private void reportCaptureDrops() {
        if (!captureDropsToReport.getAndSet(false)) {
            return;
        }
        for (DropReason reason : DropReason.values()) {
            long total = counters.droppedAtCapture(reason);
            long delta = total - reportedCaptureDrops[reason.ordinal()];
            if (delta > 0) {
                reportedCaptureDrops[reason.ordinal()] = total;
                notifier.dropped(new DropReport(reason, (int) Math.min(Integer.MAX_VALUE, delta), 0,
                        "dropped before queueing"));
            }
        }
    }

    @Override
    public void run() {
        while (true) {
            try {
                wakeAt.set(Long.MAX_VALUE);
                processInbox();
                drainRing();
                bindFlushes();
                long now = clock.nanoTime();
                promoteDueRetries(now);
                cutBatches(now);
                dispatchReady();
                if (shutdown != null) {
                    if (!abandonedAll && shutdown.deadlinePassed()) {
                        abandonAll("the shutdown deadline passed");
                    }
                    if (permits.availablePermits() == capacity && inFlight.isEmpty() && unbound.isEmpty()) {
                        break;
                    }
                }
                rearmOverflowWarning();
                if (notifier != null) {
                    reportCaptureDrops();
                }
                park(now);
            } catch (RuntimeException | Error e) {
                if (e instanceof VirtualMachineError && !(e instanceof OutOfMemoryError)) {
                    throw e;
                }
                if (loopFailures++ < 10) {
                    LOG.log(System.Logger.Level.ERROR, "PostHog dispatcher hit an unexpected error; continuing", e);
                }
                LockSupport.parkNanos(this, 1_000_000);
            }
        }
        finish();
    }

    private void processInbox() {
        Object message;
        while ((message = inbox.poll()) != null) {
            if (message instanceof Completion completion) {
                onCompletion(completion);
            } else if (message instanceof FlushRequest flush) {
                unbound.add(flush);
                active.add(flush);
            } else if (message instanceof ShutdownRequest request && shutdown == null) {
                beginShutdown(request);
            }
        }
    }

    private void drainRing() {
        EventRecord event;
        for (int i = 0; i < DRAIN_CHUNK && (event = ring.poll()) != null; i++) {
            accept(event);
        }
    }

    private void accept(EventRecord event) {
        if (abandonedAll) {
            abandonedEvents++;
            settlement.dropped(DropReason.SHUTDOWN, 1, 0, "captured during shutdown");
            return;
        }
        byte[] bytes;
        try {
            bytes = protocol.encode(event);
        } catch (RuntimeException e) {
            settlement.dropped(DropReason.INVALID, 1, 0,
                    "event '" + shortName(event) + "' could not be serialized: " + e.getClass().getName());
            return;
        }
        if (bytes.length > MAX_EVENT_BYTES) {
            settlement.dropped(DropReason.TOO_LARGE, 1, 0, "event '" + shortName(event) + "' is " + bytes.length
                    + " bytes serialized, over the " + MAX_EVENT_BYTES + "-byte cap");
            return;
        }
        event.encoded(bytes);
        buffer.addLast(event);
    }

    private void bindFlushes() {
        if (unbound.isEmpty()) {
            return;
        }
        for (int i = unbound.size() - 1; i >= 0; i--) {
            FlushRequest flush = unbound.get(i);
            if (ring.head() >= flush.target) {
                unbound.remove(i);
                bind(flush);
            }
        }
    }

    /** Registers a flush on every batch holding events it covers; forces the buffered ones into batches. */
    private void bind(FlushRequest flush) {
        while (!buffer.isEmpty() && flush.covers(buffer.peekFirst().sequence())) {
            ready.addLast(cut(flush.target));
        }
        for (Batch batch : ready) {
            if (flush.covers(batch.firstSequence())) {
                batch.addWaiter(flush);
            }
        }
        for (Batch batch : inFlight) {
            if (flush.covers(batch.firstSequence())) {
                batch.addWaiter(flush);
            }
        }
        if (!retries.isEmpty()) {
            long now = clock.nanoTime();
            List<Batch> promoted = new ArrayList<>();
            for (Batch batch : retries) {
                if (!flush.covers(batch.firstSequence())) {
                    continue;
                }
                if (batch.notBefore - now <= 0) {
                    promoted.add(batch);
                } else {
                    for (EventRecord event : batch.events) {
                        if (flush.covers(event.sequence())) {
                            flush.count(Verdict.RETRY);
                        }
                    }
                }
            }
            for (Batch batch : promoted) {
                retries.remove(batch);
                batch.dueAt = now;
                batch.addWaiter(flush);
                ready.addFirst(batch);
            }
        }
        flush.completeIfDone();
        if (flush.future.isDone()) {
            active.remove(flush);
        }
    }

    private void promoteDueRetries(long now) {
        while (!retries.isEmpty() && retries.peek().dueAt - now <= 0) {
            ready.addFirst(retries.poll());
        }
    }

    private void cutBatches(long now) {
        while (!buffer.isEmpty() && inFlight.size() + ready.size() < maxInFlight) {
            boolean due = buffer.size() >= flushAt || shutdown != null
                    || now - buffer.peekFirst().acceptedAt() >= intervalNanos;
            if (!due) {
                return;
            }
            ready.addLast(cut(Long.MAX_VALUE));
        }
    }

    /** Takes events from the head of the buffer (below {@code sequenceLimit}) into a new batch. */
    private Batch cut(long sequenceLimit) {
        List<EventRecord> events = new ArrayList<>(Math.min(maxBatchSize, buffer.size()));
        long bytes = 0;
        while (!buffer.isEmpty() && events.size() < maxBatchSize) {
            EventRecord next = buffer.peekFirst();
            if (next.sequence() >= sequenceLimit
                    || (!events.isEmpty() && bytes + next.encoded().length + 1 > MAX_BATCH_BYTES)) {
                break;
            }
            bytes += next.encoded().length + 1;
            events.add(buffer.pollFirst());
        }
        return new Batch(events, UUID.randomUUID(), 1, clock.now());
    }

    private void dispatchReady() {
        while (inFlight.size() < maxInFlight && !ready.isEmpty()) {
            Batch batch = ready.pollFirst();
            if (batch.attempt > 1) {
                counters.retries.incrementAndGet();
                counters.retriedEvents.addAndGet(batch.size());
            }
            inFlight.add(batch);
            senders.submit(batch);
        }
    }

    private void onCompletion(Completion completion) {
        Batch batch = completion.batch();
        if (!inFlight.remove(batch) || batch.abandoned) {
            return; // given up at the shutdown deadline; already counted as dropped
        }
        AttemptResult result = completion.result();
        if (result == null) {
            settleAll(batch, DropReason.SHUTDOWN, 0, "not sent before the shutdown deadline");
            return;
        }
        counters.requests.incrementAndGet();
        if (result.isSplit()) {
            split(batch, result, completion.durationNanos());
            return;
        }
        int size = batch.size();
        int delivered = 0;
        List<EventRecord> retry = null;
        Map<DropReason, Integer> drops = null;
        for (int i = 0; i < size; i++) {
            switch (result.verdict(i)) {
                case DELIVERED -> delivered++;
                case RETRY -> {
                    if (retry == null) {
                        retry = new ArrayList<>(size - i);
                    }
                    retry.add(batch.events.get(i));
                }
                case DROPPED -> {
                    if (drops == null) {
                        drops = new EnumMap<>(DropReason.class);
                    }
                    drops.merge(result.reason(i), 1, Integer::sum);
                }
            }
        }
        DropReason retryDropped = retry == null ? null : scheduleRetry(batch, retry, result);
        settlement.sent(delivered);
        if (drops != null) {
            drops.forEach((reason, count) -> settlement.dropped(reason, count, result.statusCode(),
                    describe(result, batch)));
        }
        if (retryDropped != null) {
            settlement.dropped(retryDropped, retry.size(), result.statusCode(), retryDropped == DropReason.SHUTDOWN
                    ? "no time left before the shutdown deadline to retry"
                    : "gave up after " + batch.attempt + " attempts: " + describe(result, batch));
        }
        if (delivered < size) {
            counters.failedRequests.incrementAndGet();
        }
        tallyWaiters(batch, result, retryDropped);
        report(batch, delivered, retry == null || retryDropped != null ? 0 : retry.size(),
                size - delivered - (retry == null || retryDropped != null ? 0 : retry.size()), result,
                completion.durationNanos());
    }

    /** Schedules the retry subset; returns the drop reason instead when it may not be retried. */
    private DropReason scheduleRetry(Batch batch, List<EventRecord> events, AttemptResult result) {
        if (batch.attempt > maxRetries) {
            return DropReason.RETRIES_EXHAUSTED;
        }
        long delay = Backoff.delayNanos(batch.attempt, result.retryAfter());
        if (shutdown != null && delay > shutdown.nanosLeft()) {
            return DropReason.SHUTDOWN;
        }
        long now = clock.nanoTime();
        Batch next = new Batch(events, batch.requestId, batch.attempt + 1, batch.createdAt);
        next.dueAt = now + delay;
        long floor = Backoff.floorNanos(result.retryAfter());
        next.notBefore = floor == 0 ? 0 : now + floor;
        retries.add(next);
        LOG.log(System.Logger.Level.DEBUG, "PostHog will retry {0} event(s) in {1} ms ({2})", events.size(),
                delay / 1_000_000, describe(result, batch));
        return null;
    }

    private void split(Batch batch, AttemptResult result, long durationNanos) {
        counters.failedRequests.incrementAndGet();
        int middle = batch.size() / 2;
        Batch left = new Batch(new ArrayList<>(batch.events.subList(0, middle)), UUID.randomUUID(), batch.attempt,
                batch.createdAt);
        Batch right = new Batch(new ArrayList<>(batch.events.subList(middle, batch.size())), UUID.randomUUID(),
                batch.attempt, batch.createdAt);
        batch.handWaitersTo(left);
        batch.handWaitersTo(right);
        if (batch.waiters != null) {
            batch.waiters.forEach(FlushRequest::batchDone);
        }
        ready.addFirst(right);
        ready.addFirst(left);
        report(batch, 0, batch.size(), 0, result, durationNanos);
    }

    private void tallyWaiters(Batch batch, AttemptResult result, DropReason retryDropped) {
        if (batch.waiters == null) {
            return;
        }
        for (FlushRequest flush : batch.waiters) {
            for (int i = 0; i < batch.size(); i++) {
                if (flush.covers(batch.events.get(i).sequence())) {
                    Verdict verdict = result.verdict(i);
                    flush.count(verdict == Verdict.RETRY && retryDropped != null ? Verdict.DROPPED : verdict);
                }
            }
            flush.batchDone();
            if (flush.future.isDone()) {
                active.remove(flush);
            }
        }
    }

    /** Drops every event of a batch that will not be attempted again, and releases its flush waiters. */
    private void settleAll(Batch batch, DropReason reason, int statusCode, String detail) {
        settlement.dropped(reason, batch.size(), statusCode, detail);
        if (batch.waiters != null) {
            for (FlushRequest flush : batch.waiters) {
                for (EventRecord event : batch.events) {
                    if (flush.covers(event.sequence())) {
                        flush.count(Verdict.DROPPED);
                    }
                }
                flush.batchDone();
                if (flush.future.isDone()) {
                    active.remove(flush);
                }
            }
        }
    }

    private void beginShutdown(ShutdownRequest request) {
        shutdown = request;
        request.sentAtStart = counters.sent.get();
        request.droppedAtStart = counters.droppedTotal();
        senders.deadline(request.deadlineNanos);
        if (request.deadlinePassed()) {
            abandonAll("the client was closed without a drain");
            return;
        }
        // Final attempts: waiting retries go now, unless the server asked for a pause longer than the time left.
        long now = clock.nanoTime();
        List<Batch> waiting = new ArrayList<>(retries);
        retries.clear();
        for (Batch batch : waiting) {
            long pause = Math.max(0, batch.notBefore - now);
            if (pause > request.nanosLeft()) {
                settleAll(batch, DropReason.SHUTDOWN, 0, "the server's Retry-After ends after the shutdown deadline");
            } else {
                batch.dueAt = now + pause;
                retries.add(batch);
            }
        }
    }

    private void abandonAll(String why) {
        abandonedAll = true;
        senders.abandon();
        long before = counters.dropped(DropReason.SHUTDOWN);
        if (!buffer.isEmpty()) {
            int count = buffer.size();
            buffer.clear();
            settlement.dropped(DropReason.SHUTDOWN, count, 0, why);
        }
        for (Batch batch : ready) {
            settleAll(batch, DropReason.SHUTDOWN, 0, why);
        }
        ready.clear();
        for (Batch batch : retries) {
            settleAll(batch, DropReason.SHUTDOWN, 0, why);
        }
        retries.clear();
        for (Batch batch : inFlight) {
            batch.abandoned = true;
            settleAll(batch, DropReason.SHUTDOWN, 0, why + " (request in flight)");
        }
        inFlight.clear();
        abandonedEvents += counters.dropped(DropReason.SHUTDOWN) - before;
    }

    private void park(long now) {
        if (ring.head() != ring.claimed() || !inbox.isEmpty() || captureDropsToReport.get()) {
            return;
        }
        long wait = Long.MAX_VALUE;
        boolean canSend = inFlight.size() + ready.size() < maxInFlight;
        if (!buffer.isEmpty() && canSend) {
            wait = Math.min(wait, buffer.peekFirst().acceptedAt() + intervalNanos - now);
        }
        if (!retries.isEmpty() && canSend) {
            wait = Math.min(wait, retries.peek().dueAt - now);
        }
        if (!unbound.isEmpty()) {
            wait = Math.min(wait, SPIN_PARK_NANOS);
        }
        if (shutdown != null) {
            wait = Math.min(wait, abandonedAll ? SPIN_PARK_NANOS : Math.max(1, shutdown.nanosLeft()));
            if (buffer.isEmpty() && ready.isEmpty() && retries.isEmpty() && inFlight.isEmpty()) {
                wait = Math.min(wait, SPIN_PARK_NANOS); // a producer holds a permit between its checks
            }
        }
        if (wait <= 0) {
            return;
        }
        long threshold = !canSend ? Long.MAX_VALUE
                : buffer.isEmpty() ? ring.head() : ring.head() + Math.max(0, flushAt - buffer.size() - 1);
        wakeAt.set(threshold);
        if (ring.claimed() > threshold || !inbox.isEmpty()) {
            return;
        }
        if (wait == Long.MAX_VALUE) {
            LockSupport.park(this);
        } else {
            LockSupport.parkNanos(this, wait);
        }
    }

    private void rearmOverflowWarning() {
        if (overflowWarned.get() && permits.availablePermits() > capacity / 2) {
            overflowWarned.set(false);
        }
    }

    private void finish() {
        ShutdownRequest request = shutdown;
        finished = true;
        for (FlushRequest flush : active) {
            flush.future.complete(flush.result(true));
        }
        active.clear();
        if (notifier != null) {
            captureDropsToReport.set(true);
            reportCaptureDrops();
        }
        senders.stop(Math.max(request.nanosLeft(), Duration.ofMillis(100).toNanos()));
        if (notifier != null) {
            notifier.stop(Duration.ofMillis(100).toNanos());
        }
        if (abandonedEvents > 0) {
            LOG.log(System.Logger.Level.WARNING, "PostHog dropped {0} event(s) at shutdown: {1}", abandonedEvents,
                    "not delivered before the shutdown deadline");
        }
        long sent = counters.sent.get() - request.sentAtStart;
        long dropped = counters.droppedTotal() - request.droppedAtStart;
        request.future.complete(new ShutdownResult(abandonedEvents == 0, sent, dropped,
                Duration.ofNanos(System.nanoTime() - request.startNanos)));
    }

    private void report(Batch batch, int delivered, int retrying, int dropped, AttemptResult result,
                        long durationNanos) {
        if (notifier != null) {
            notifier.attempt(new AttemptReport(protocol.path(), batch.size(), delivered, retrying, dropped,
                    result.statusCode(), batch.attempt, Duration.ofNanos(durationNanos), result.error()));
        }
    }

    private static String describe(AttemptResult result, Batch batch) {
        String error = result.error();
        return (error == null ? "HTTP " + result.statusCode() : error) + " for a batch of " + batch.size();
    }

    private static String shortName(EventRecord event) {
        String name = event.event();
        return name.length() <= 64 ? name : name.substring(0, 64) + "...";
    }
}
