package io.github.posthogcommunity.posthog.internal.pipeline;

import io.github.posthogcommunity.posthog.CaptureProtocol;
import io.github.posthogcommunity.posthog.DropReason;
import io.github.posthogcommunity.posthog.FlushResult;
import io.github.posthogcommunity.posthog.PostHogStats;
import io.github.posthogcommunity.posthog.ShutdownResult;
import io.github.posthogcommunity.posthog.http.HttpTransport;
import io.github.posthogcommunity.posthog.internal.ClientConfig;
import io.github.posthogcommunity.posthog.internal.Durations;
import io.github.posthogcommunity.posthog.internal.wire.CaptureV0Protocol;
import io.github.posthogcommunity.posthog.internal.wire.CaptureV1Protocol;
import io.github.posthogcommunity.posthog.internal.wire.WireProtocol;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The client's two pipelines: the event lane (capture v0 or v1) and the AI lane ({@code /i/v0/ai/batch/}), which
 * starts on first use. Flush and shutdown cover both; stats add them up.
 */
public final class Lanes {

    /** The AI lane's endpoint. */
    public static final String AI_PATH = "/i/v0/ai/batch/";

    private final ClientConfig config;
    private final HttpTransport transport;
    private final Pipeline events;
    private volatile Pipeline ai;
    private boolean shutDown;

    public Lanes(ClientConfig config, HttpTransport transport) {
        this.config = config;
        this.transport = transport;
        WireProtocol protocol = config.captureProtocol() == CaptureProtocol.V1
                ? new CaptureV1Protocol(config.host(), config.projectApiKey(), config.historicalMigration(),
                        config.compression(), config.headers(), config.clock())
                : new CaptureV0Protocol(config.host(), "/batch/", config.projectApiKey(),
                        config.historicalMigration(), config.compression(), config.headers(), config.clock());
        this.events = Pipeline.start(config, transport, protocol, "");
    }

    /** The event lane. */
    public Pipeline events() {
        return events;
    }

    /**
     * The AI lane, started on first call. After shutdown no lane is started: the (closed) event lane is returned,
     * which drops and counts every event as {@code shutdown} without blocking.
     */
    public Pipeline ai() {
        Pipeline lane = ai;
        if (lane == null) {
            synchronized (this) {
                lane = ai;
                if (lane == null) {
                    if (shutDown) {
                        return events;
                    }
                    lane = Pipeline.start(config, transport, new CaptureV0Protocol(config.host(), AI_PATH,
                            config.projectApiKey(), config.historicalMigration(), config.compression(),
                            config.headers(), config.clock()), "-ai");
                    ai = lane;
                }
            }
        }
        return lane;
    }

    public CompletableFuture<FlushResult> flushAsync() {
        Pipeline lane = ai;
        CompletableFuture<FlushResult> main = events.flushAsync();
        return lane == null ? main : main.thenCombine(lane.flushAsync(), Lanes::add);
    }

    public FlushResult flush(Duration timeout) {
        Pipeline lane = ai;
        if (lane == null) {
            return events.flush(timeout);
        }
        long deadline = System.nanoTime() + Durations.nanos(timeout);
        FlushResult a = events.flush(timeout);
        return add(a, lane.flush(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))));
    }

    /** Shuts both lanes down in parallel under one deadline. */
    public ShutdownResult shutdown(Duration timeout) {
        Pipeline lane;
        synchronized (this) {
            shutDown = true;
            lane = ai;
        }
        CompletableFuture<ShutdownResult> main = events.beginShutdown(timeout);
        CompletableFuture<ShutdownResult> other = lane == null ? null : lane.beginShutdown(timeout);
        ShutdownResult a = events.awaitShutdown(main, timeout);
        if (other == null) {
            return a;
        }
        ShutdownResult b = lane.awaitShutdown(other, timeout);
        Map<DropReason, Long> dropped = new EnumMap<>(DropReason.class);
        dropped.putAll(a.droppedByReason());
        b.droppedByReason().forEach((reason, count) -> dropped.merge(reason, count, Long::sum));
        return new ShutdownResult(a.withinDeadline() && b.withinDeadline(), a.sent() + b.sent(),
                a.dropped() + b.dropped(), a.took().compareTo(b.took()) >= 0 ? a.took() : b.took(), dropped);
    }

    /**
     * Runs {@code action} once every lane's dispatcher has finished after {@link #shutdown} (at once if they
     * have): resources the lanes use, like the HTTP transport, are released only when nothing can use them.
     */
    public void whenStopped(Runnable action) {
        Pipeline lane;
        synchronized (this) {
            lane = ai;
        }
        CompletableFuture<?> all = lane == null ? events.stopped()
                : CompletableFuture.allOf(events.stopped(), lane.stopped());
        all.whenComplete((result, error) -> action.run());
    }

    /** Both lanes added up. */
    public PostHogStats stats() {
        Pipeline lane = ai;
        return lane == null ? events.stats() : add(events.stats(), lane.stats());
    }

    /** The AI lane alone (zeros before its first use). */
    public PostHogStats aiStats() {
        Pipeline lane = ai;
        return lane == null ? new PostHogStats(0, 0, Map.of(), 0, 0, 0, 0, 0, 0, 0, 0, 0) : lane.stats();
    }

    private static FlushResult add(FlushResult a, FlushResult b) {
        return new FlushResult(a.completed() && b.completed(), a.events() + b.events(), a.sent() + b.sent(),
                a.dropped() + b.dropped(), a.retrying() + b.retrying());
    }

    private static PostHogStats add(PostHogStats a, PostHogStats b) {
        Map<DropReason, Long> dropped = new EnumMap<>(DropReason.class);
        for (DropReason reason : DropReason.values()) {
            dropped.put(reason, a.dropped(reason) + b.dropped(reason));
        }
        return new PostHogStats(a.captured() + b.captured(), a.sent() + b.sent(), dropped, a.pending() + b.pending(),
                a.queueCapacity() + b.queueCapacity(), a.retries() + b.retries(),
                a.retriedEvents() + b.retriedEvents(), a.requests() + b.requests(),
                a.failedRequests() + b.failedRequests(), a.listenerOverflows() + b.listenerOverflows(),
                a.senderLimit() + b.senderLimit(), a.sendersInFlight() + b.sendersInFlight());
    }
}
