package io.github.posthogcommunity.posthog.internal.pipeline;

import io.github.posthogcommunity.posthog.AttemptReport;
import io.github.posthogcommunity.posthog.DropReason;
import io.github.posthogcommunity.posthog.DropReport;
import io.github.posthogcommunity.posthog.PostHogClock;
import io.github.posthogcommunity.posthog.ShutdownResult;
import io.github.posthogcommunity.posthog.http.HttpTransport;
import io.github.posthogcommunity.posthog.internal.ClientConfig;
import io.github.posthogcommunity.posthog.internal.LoggerNames;
import io.github.posthogcommunity.posthog.internal.event.EventRecord;
import io.github.posthogcommunity.posthog.internal.wire.AttemptResult;
import io.github.posthogcommunity.posthog.internal.wire.AttemptResult.Verdict;
import io.github.posthogcommunity.posthog.internal.wire.EventTooLargeException;
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

    private static final System.Logger LOG = System.getLogger(LoggerNames.PIPELINE);

    /** A single event larger than this, serialized, is dropped ({@code too_large}). */
    static final int MAX_EVENT_BYTES = EventRecord.MAX_ENCODED_BYTES;
    /** The events of one request stay below this (the body must stay under 5 MiB). */
    static final int MAX_BATCH_BYTES = 5 * 1024 * 1024 - 64 * 1024;
    /**
     * Events encoded per loop turn. Small, so that during a capture burst the loop comes back often to pick up
     * sender completions and start the next batches: encoding thousands of events between two looks left the
     * senders idle and the backlog (still holding property maps) growing.
     */
    private static final int DRAIN_CHUNK = 256;
    /** Loop turns spent spinning ({@link Thread#onSpinWait()}) before parking while waiting on a producer. */
    private static final int SPIN_TURNS = 64;
    private static final long MIN_IDLE_PARK_NANOS = 10_000;
    private static final long MAX_IDLE_PARK_NANOS = 1_000_000;
    /** Past the shutdown deadline, how long to wait for producers still holding a permit. */
    private static final long PRODUCER_GRACE_NANOS = 1_000_000_000L;
    /** How long an idle sender thread lives (threads start again on demand). */
    private static final Duration SENDER_KEEP_ALIVE = Duration.ofSeconds(30);
    /** An attempt running this long past its request timeout is given up on (see {@link #expireOverdue}). */
    private static final long MIN_OVERDUE_GRACE_NANOS = 1_000_000_000L;

    // Shared with producers, senders and callers (thread-safe).
    private final EventRing ring;
    private final Semaphore permits;
    private final ByteBudget budget;
    private final int capacity;
    private final Counters counters;
    private final AtomicBoolean overflowWarned;
    private final ConcurrentLinkedQueue<Object> inbox = new ConcurrentLinkedQueue<>();
    /**
     * The sequence number whose publication makes a batch due: a producer publishing it wakes the dispatcher.
     * {@link Long#MAX_VALUE} while disarmed. Padded, and read by producers through the pipeline's own reference:
     * this object's fields change on every loop turn.
     */
    private final PaddedLong wakeAt = new PaddedLong(Long.MAX_VALUE);
    private final AtomicBoolean captureDropsToReport = new AtomicBoolean();
    private volatile Thread thread;
    private volatile boolean finished;
    /** Loop turns so far (a release store per turn): lets tests see that the loop sleeps when idle. */
    private final AtomicLong turns = new AtomicLong();

    // Configuration and collaborators.
    private final PostHogClock clock;
    private final int flushAt;
    private final long intervalNanos;
    private final int maxBatchSize;
    private final int maxRetries;
    private final long overdueNanos;
    private final WireProtocol protocol;
    private final SenderPool senders;
    private final ConcurrencyLimit limit;
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
    private int loopFailures;
    private int consecutiveFailures;
    private int idleTurns;
    /** Attempts started so far; each attempt gets the next number. */
    private long attemptsStarted;
    /**
     * {@link #attemptsStarted} when the dispatcher last had a batch due that the limit kept from a sender: an
     * attempt numbered at or below it ran while the limit held work back.
     */
    private long heldBackAt = -1;
    /** This loop turn found a batch due in the buffer and no room under the limit to cut it. */
    private boolean bufferHeldBack;
    /** {@link #inFlight}'s size as of the end of the last loop turn, for stats readers. */
    private volatile int inFlightPublished;
    private final Runnable beforeFinish;
    private final long[] reportedCaptureDrops = new long[DropReason.values().length];

    Dispatcher(ClientConfig config, String name, EventRing ring, Semaphore permits, ByteBudget budget,
               Counters counters, AtomicBoolean overflowWarned, WireProtocol protocol, HttpTransport transport,
               Runnable beforeFinish) {
        this.ring = ring;
        this.permits = permits;
        this.budget = budget;
        this.beforeFinish = beforeFinish;
        this.capacity = config.maxQueueSize();
        this.counters = counters;
        this.overflowWarned = overflowWarned;
        this.clock = config.clock();
        this.flushAt = config.flushAt();
        this.intervalNanos = config.flushInterval().toNanos();
        this.maxBatchSize = config.maxBatchSize();
        this.maxRetries = config.maxRetries();
        long timeout = config.requestTimeout().toNanos();
        this.overdueNanos = timeout + Math.max(timeout, MIN_OVERDUE_GRACE_NANOS);
        this.protocol = protocol;
        this.notifier = Notifier.start(config.deliveryListeners(), counters.listenerOverflows, name + "-notifier");
        this.settlement = new Settlement(counters, permits, budget, notifier);
        this.limit = new ConcurrencyLimit(config.senderThreads(), config.maxSenderThreads());
        this.senders = new SenderPool(config.senderThreads(), SENDER_KEEP_ALIVE, name + "-sender-", protocol,
                transport, config.requestTimeout(), clock::nanoTime, this::post);
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

    /** The wake-up threshold, for producers to test before calling {@link #published} (see {@link #wakeAt}). */
    PaddedLong wakeThreshold() {
        return wakeAt;
    }

    /**
     * Producer, once {@code sequence} reached the {@link #wakeThreshold()}: wakes the dispatcher, which the event at
     * {@code sequence} made a batch due for (once: the first producer to disarm the threshold wakes it).
     */
    void published(long sequence) {
        long threshold = wakeAt.get();
        if (sequence >= threshold && wakeAt.compareAndSet(threshold, Long.MAX_VALUE)) {
            LockSupport.unpark(thread);
        }
    }

    boolean finished() {
        return finished;
    }

    long turns() {
        return turns.get();
    }

    /** How many attempts may run at once now (any thread). */
    int senderLimit() {
        return limit.published();
    }

    /** Attempts in flight as of the dispatcher's last loop turn (any thread). */
    int sendersInFlight() {
        return inFlightPublished;
    }

    SenderPool senders() {
        return senders;
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
            turns.lazySet(turns.get() + 1);
            try {
                if (wakeAt.getPlain() != Long.MAX_VALUE) { // producers read it on every capture: write only if armed
                    wakeAt.set(Long.MAX_VALUE);
                }
                processInbox();
                drainRing();
                bindFlushes();
                long now = clock.nanoTime();
                expireOverdue();
                promoteDueRetries(now);
                cutBatches(now);
                dispatchReady();
                if (shutdown != null && shutdownDone()) {
                    break;
                }
                rearmOverflowWarning();
                if (notifier != null) {
                    reportCaptureDrops();
                }
                if (consecutiveFailures != 0) {
                    consecutiveFailures = 0;
                }
                if (inFlightPublished != inFlight.size()) {
                    inFlightPublished = inFlight.size();
                }
                park(now);
            } catch (Throwable e) {
                // Whatever failed (a bug, an OutOfMemoryError, a StackOverflowError), the loop goes on: it owns every
                // barrier, and a dead dispatcher would leave flushes and the shutdown waiting forever. Per-event
                // failures never get here (see accept); repeated failures back off so the loop never spins.
                if (loopFailures++ < 10) {
                    LOG.log(System.Logger.Level.ERROR, "PostHog dispatcher hit an unexpected error; continuing", e);
                }
                consecutiveFailures = Math.min(consecutiveFailures + 1, 7);
                LockSupport.parkNanos(this, 1_000_000L << consecutiveFailures);
            }
        }
        finish();
    }

    /** During shutdown: abandons what is left at the deadline; {@code true} once the dispatcher may finish. */
    private boolean shutdownDone() {
        if (!abandonedAll && shutdown.deadlinePassed()) {
            abandonAll("not delivered before the shutdown deadline");
        }
        if (inFlight.isEmpty() && unbound.isEmpty() && permits.availablePermits() == capacity) {
            return true;
        }
        if (abandonedAll && shutdown.nanosPastDeadline() > PRODUCER_GRACE_NANOS) {
            LOG.log(System.Logger.Level.WARNING, "PostHog shutdown ended with {0} event(s) still pending: a capturing "
                    + "thread held a queue slot past the deadline", capacity - permits.availablePermits());
            return true;
        }
        return false;
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

    /**
     * Accepts what producers published. A flush posted while this runs is read before the next event, so the outcome
     * of every event the dispatcher had not reached when the flush was posted counts in that flush, drops while
     * encoding included.
     */
    private void drainRing() {
        EventRecord event;
        for (int i = 0; i < DRAIN_CHUNK && (event = ring.poll()) != null; i++) {
            if (!inbox.isEmpty()) {
                processInbox();
            }
            accept(event);
        }
    }

    /**
     * Encodes one event into the buffer, or drops it. Whatever fails here (an {@link OutOfMemoryError} on a huge
     * property, a serializer bug) drops this event alone, with its permit released: the event has left the ring,
     * so nothing else would ever settle it.
     */
    private void accept(EventRecord event) {
        if (abandonedAll) {
            drop(event, DropReason.SHUTDOWN, 0, "captured during shutdown");
            return;
        }
        if (budget.exhausted()) { // the estimate before encoding: no byte is left, whatever the event's size
            drop(event, DropReason.QUEUE_FULL, 0, "the queued events hold " + budget.used()
                    + " bytes, the maxQueueBytes bound");
            return;
        }
        long reserved = 0;
        try {
            byte[] bytes = protocol.encode(event);
            if (bytes.length > MAX_EVENT_BYTES) {
                drop(event, DropReason.TOO_LARGE, 0, "event '" + shortName(event) + "' is " + bytes.length
                        + " bytes serialized, over the " + MAX_EVENT_BYTES + "-byte cap");
                return;
            }
            if (!budget.tryReserve(bytes.length)) {
                drop(event, DropReason.QUEUE_FULL, 0, "the queued events hold " + budget.used() + " bytes; "
                        + bytes.length + " more would pass maxQueueBytes (" + budget.limit() + ")");
                return;
            }
            reserved = bytes.length;
            event.encoded(bytes);
            buffer.addLast(event);
        } catch (EventTooLargeException e) {
            budget.release(reserved);
            event.encoded(null);
            drop(event, DropReason.TOO_LARGE, 0, "event '" + shortName(event) + "' is over the " + MAX_EVENT_BYTES
                    + "-byte cap serialized");
        } catch (Throwable e) {
            budget.release(reserved);
            event.encoded(null);
            DropReason reason = e instanceof OutOfMemoryError ? DropReason.TOO_LARGE : DropReason.INVALID;
            drop(event, reason, 0, "event '" + shortName(event) + "' could not be serialized: "
                    + e.getClass().getName());
        }
    }

    /** Settles one event that never reached a batch, and tells the flushes waiting for it. */
    private void drop(EventRecord event, DropReason reason, long bytes, String detail) {
        boolean quiet = reason == DropReason.QUEUE_FULL && !overflowWarned.compareAndSet(false, true);
        if (reason == DropReason.QUEUE_FULL && !quiet) {
            LOG.log(System.Logger.Level.WARNING, "PostHog queue is full ({0}); dropping new events until it "
                    + "drains", detail);
        }
        settlement.dropped(reason, 1, bytes, 0, detail, reason != DropReason.QUEUE_FULL);
        event.settledDropped(reason, 0, detail);
        for (FlushRequest flush : unbound) {
            if (flush.covers(event.sequence())) {
                flush.count(Verdict.DROPPED);
            }
        }
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
        // A batch waiting for its retry has had its outcome for this flush ("put back for retry"): a flush never
        // pulls a retry forward (that would spend the retry budget during an outage); only shutdown does.
        for (Batch batch : retries) {
            if (flush.covers(batch.firstSequence())) {
                for (EventRecord event : batch.events) {
                    if (flush.covers(event.sequence())) {
                        flush.count(Verdict.RETRY);
                    }
                }
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
        if (bufferHeldBack) {
            bufferHeldBack = false;
        }
        while (!buffer.isEmpty()) {
            boolean due = buffer.size() >= flushAt || shutdown != null
                    || now - buffer.peekFirst().acceptedAt() >= intervalNanos || backlogNearlyFull();
            if (!due) {
                return;
            }
            if (inFlight.size() + ready.size() >= limit.current()) {
                bufferHeldBack = true; // a batch is due and no sender may take it
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

    /** Waiting for more events would risk dropping new ones: the count or the byte bound is three-quarters used. */
    private boolean backlogNearlyFull() {
        return permits.availablePermits() <= capacity / 4 || budget.nearlyFull();
    }

    private void dispatchReady() {
        while (inFlight.size() < limit.current() && !ready.isEmpty()) {
            Batch batch = ready.pollFirst();
            if (batch.attempt > 1) {
                counters.retries.incrementAndGet();
                counters.retriedEvents.addAndGet(batch.size());
            }
            batch.startedAt = System.nanoTime();
            batch.attemptNumber = ++attemptsStarted;
            inFlight.add(batch);
            senders.submit(batch);
        }
        if (bufferHeldBack || !ready.isEmpty()) {
            heldBackAt = attemptsStarted; // after numbering: the attempts just started count as held back too
        }
    }

    /**
     * Every sender is busy and an attempt just ended: if a batch's worth of events is waiting, the limit has been
     * holding work back. Needed because the dispatcher, unable to hand out anything while the limit is full, does
     * not wake for new events: they wait in the ring, unseen by {@link #cutBatches}, until a completion arrives.
     */
    private void noteBacklogWhileFull() {
        if (heldBackAt < attemptsStarted
                && (!ready.isEmpty() || buffer.size() + (ring.claimed() - ring.head()) >= flushAt)) {
            heldBackAt = attemptsStarted;
        }
    }

    /**
     * Feeds one attempt's outcome to the concurrency limit: a 2xx grows it when the limit held the dispatcher back
     * while the attempt ran and attempts wait on the server at least as long as they take to build (see
     * {@link ConcurrencyLimit}); no response, a timeout, 408, 429 or a 5xx shrinks it; anything else (a 4xx about the
     * request itself, a split) says nothing about the link.
     */
    private void adapt(Completion completion) {
        Batch batch = completion.batch();
        AttemptResult result = completion.result();
        int status = result.statusCode();
        boolean changed;
        if (status >= 200 && status < 300) {
            changed = limit.succeeded(heldBackAt >= batch.attemptNumber, completion.waitedOnServer());
        } else if (status >= 500 || status == 408 || status == 429
                || (status == 0 && !result.isSplit() && result.verdict(0) == Verdict.RETRY)) {
            changed = limit.congested(batch.attemptNumber, attemptsStarted);
        } else {
            changed = false;
        }
        if (changed) {
            senders.resize(limit.current());
        }
    }

    /**
     * An attempt far past its request timeout (a transport that ignores timeouts and interruption) must not pin the
     * pipeline: it counts as a failed attempt (retried), its sender is interrupted, and its late outcome ignored.
     */
    private void expireOverdue() {
        if (inFlight.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        for (int i = inFlight.size() - 1; i >= 0; i--) {
            Batch batch = inFlight.get(i);
            if (now - batch.startedAt > overdueNanos) {
                onCompletion(new Completion(batch, AttemptResult.retry(0, null, "no outcome "
                        + (now - batch.startedAt) / 1_000_000 + " ms after the attempt started"), now - batch.startedAt));
                batch.abandoned = true;
                senders.giveUp(batch);
            }
        }
    }

    private void onCompletion(Completion completion) {
        Batch batch = completion.batch();
        if (inFlight.size() >= limit.current()) {
            noteBacklogWhileFull();
        }
        if (!inFlight.remove(batch) || batch.abandoned) {
            return; // given up at the shutdown deadline or as overdue; already settled or retried
        }
        AttemptResult result = completion.result();
        if (result == null) {
            settleAll(batch, DropReason.SHUTDOWN, 0, "not delivered before the shutdown deadline");
            return;
        }
        adapt(completion); // first: a reader that sees this attempt counted sees the limit it led to
        counters.requests.incrementAndGet();
        if (result.isSplit()) {
            split(batch, result, completion.durationNanos());
            return;
        }
        int size = batch.size();
        int delivered = 0;
        long deliveredBytes = 0;
        List<EventRecord> retry = null;
        Map<DropReason, long[]> drops = null;
        for (int i = 0; i < size; i++) {
            EventRecord event = batch.events.get(i);
            switch (result.verdict(i)) {
                case DELIVERED -> {
                    delivered++;
                    deliveredBytes += event.encoded().length;
                }
                case RETRY -> {
                    if (retry == null) {
                        retry = new ArrayList<>(size - i);
                    }
                    retry.add(event);
                }
                case DROPPED -> {
                    if (drops == null) {
                        drops = new EnumMap<>(DropReason.class);
                    }
                    long[] tally = drops.computeIfAbsent(result.reason(i), r -> new long[2]);
                    tally[0]++;
                    tally[1] += event.encoded().length;
                }
            }
        }
        DropReason retryDropped = retry == null ? null : scheduleRetry(batch, retry, result);
        settlement.sent(delivered, deliveredBytes);
        if (drops != null) {
            drops.forEach((reason, tally) -> settlement.dropped(reason, (int) tally[0], tally[1],
                    result.statusCode(), describe(result, batch)));
        }
        if (retryDropped != null) {
            settlement.dropped(retryDropped, retry.size(), ByteBudget.bytesOf(retry), result.statusCode(),
                    retryDropped == DropReason.SHUTDOWN
                    ? "not retried: the retry would end after the shutdown deadline"
                    : "gave up after " + batch.attempt + " attempts: " + describe(result, batch));
        }
        if (delivered < size) {
            counters.failedRequests.incrementAndGet();
        }
        Settlement.tellOutcomes(batch.events, result, retryDropped, delivered == size ? null : describe(result, batch));
        // report before completing flushes: a listener added once a flush returned must not hear of its attempts
        report(batch, delivered, retry == null || retryDropped != null ? 0 : retry.size(),
                size - delivered - (retry == null || retryDropped != null ? 0 : retry.size()), result,
                completion.durationNanos());
        tallyWaiters(batch, result, retryDropped);
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
        settlement.dropped(reason, batch.size(), batch.bytes(), statusCode, detail);
        Settlement.tellDropped(batch.events, reason, statusCode, detail);
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
        request.droppedAtStart = counters.droppedByReason();
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
                settleAll(batch, DropReason.SHUTDOWN, 0, "not retried: the server's Retry-After ends after the "
                        + "shutdown deadline");
            } else {
                batch.dueAt = now + pause;
                retries.add(batch);
            }
        }
    }

    private void abandonAll(String why) {
        abandonedAll = true;
        senders.abandon();
        if (!buffer.isEmpty()) {
            int count = buffer.size();
            Settlement.tellDropped(buffer, DropReason.SHUTDOWN, 0, why);
            long bytes = ByteBudget.bytesOf(buffer);
            buffer.clear();
            settlement.dropped(DropReason.SHUTDOWN, count, bytes, 0, why);
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
    }

    /**
     * Sleeps until there is work: an inbox message, a published event that makes a batch due, a timer (interval,
     * retry, overdue attempt, shutdown deadline). While a producer sits between claiming a ring slot and publishing
     * it (or holds a permit during shutdown), the loop spins briefly, then parks with a growing bound: it never
     * busy-waits on a descheduled producer.
     */
    private void park(long now) {
        if (!inbox.isEmpty() || captureDropsToReport.get()) {
            idleTurns = 0;
            return;
        }
        boolean stalled = ring.head() != ring.claimed();
        if (stalled && ring.headPublished()) {
            idleTurns = 0; // more events to drain (the loop takes them in chunks)
            return;
        }
        boolean canSend = inFlight.size() + ready.size() < limit.current();
        long wait = Long.MAX_VALUE;
        if (!buffer.isEmpty() && canSend) {
            wait = Math.min(wait, buffer.peekFirst().acceptedAt() + intervalNanos - now);
        }
        if (!retries.isEmpty() && canSend) {
            wait = Math.min(wait, retries.peek().dueAt - now);
        }
        if (!inFlight.isEmpty()) {
            long oldest = Long.MAX_VALUE;
            long real = System.nanoTime();
            for (Batch batch : inFlight) {
                oldest = Math.min(oldest, batch.startedAt + overdueNanos - real);
            }
            wait = Math.min(wait, Math.max(1, oldest));
        }
        boolean waitingForProducer = stalled;
        if (shutdown != null) {
            wait = Math.min(wait, Math.max(1, abandonedAll
                    ? PRODUCER_GRACE_NANOS - shutdown.nanosPastDeadline() : shutdown.nanosLeft()));
            // a producer holds a permit between its checks
            waitingForProducer |= buffer.isEmpty() && ready.isEmpty() && retries.isEmpty() && inFlight.isEmpty();
        }
        if (waitingForProducer) {
            if (++idleTurns <= SPIN_TURNS) {
                Thread.onSpinWait();
                return;
            }
            int doublings = Math.min(idleTurns - SPIN_TURNS, 7);
            wait = Math.min(wait, Math.min(MAX_IDLE_PARK_NANOS, MIN_IDLE_PARK_NANOS << doublings));
        } else {
            idleTurns = 0;
        }
        if (wait <= 0) {
            return;
        }
        long threshold = stalled ? ring.head() : !canSend ? Long.MAX_VALUE
                : buffer.isEmpty() ? ring.head() : ring.head() + Math.max(0, flushAt - buffer.size() - 1);
        wakeAt.set(threshold);
        if (!inbox.isEmpty() || (stalled ? ring.headPublished() : ring.claimed() > threshold)) {
            return;
        }
        if (wait == Long.MAX_VALUE) {
            LockSupport.park(this);
        } else {
            LockSupport.parkNanos(this, wait);
        }
    }

    private void rearmOverflowWarning() {
        if (overflowWarned.get() && permits.availablePermits() > capacity / 2 && budget.used() < budget.limit() / 2) {
            overflowWarned.set(false);
        }
    }

    /**
     * Ends the lane: completes every flush (also those posted while the loop was deciding to exit), stops senders
     * and notifier, and completes the shutdown result, whatever fails on the way.
     */
    private void finish() {
        ShutdownRequest request = shutdown;
        try {
            beforeFinish.run();
        } catch (Throwable ignored) {
            // a test seam only
        }
        finished = true;
        try {
            completeFlushes();
            if (notifier != null) {
                captureDropsToReport.set(true);
                reportCaptureDrops();
            }
            senders.stop(Math.max(request.nanosLeft(), Duration.ofMillis(100).toNanos()));
            if (notifier != null) {
                notifier.stop(Math.max(request.nanosLeft(), Notifier.MIN_GRACE_NANOS));
            }
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.ERROR, "PostHog dispatcher failed while stopping", e);
        } finally {
            completeFlushes(); // a flush posted while the senders stopped
            long shutdownDrops = settlement.shutdownDrops();
            if (shutdownDrops > 0) {
                LOG.log(System.Logger.Level.WARNING, "PostHog shutdown dropped {0} event(s) it could not deliver: {1}",
                        shutdownDrops, settlement.shutdownCauses());
            }
            Map<DropReason, Long> dropped = new EnumMap<>(DropReason.class);
            long droppedTotal = 0;
            for (DropReason reason : DropReason.values()) {
                long delta = counters.dropped(reason) - request.droppedAtStart.getOrDefault(reason, 0L);
                if (delta > 0) {
                    dropped.put(reason, delta);
                    droppedTotal += delta;
                }
            }
            long sent = counters.sent.get() - request.sentAtStart;
            request.future.complete(new ShutdownResult(shutdownDrops == 0, sent, droppedTotal,
                    Duration.ofNanos(System.nanoTime() - request.startNanos), dropped));
        }
    }

    /** Completes open flushes and any still in the inbox; after {@link #finished} is set no flush can be missed. */
    private void completeFlushes() {
        for (FlushRequest flush : active) {
            flush.future.complete(flush.result(true));
        }
        active.clear();
        Object message;
        while ((message = inbox.poll()) != null) {
            if (message instanceof FlushRequest flush) {
                flush.future.complete(flush.result(true));
            }
        }
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
