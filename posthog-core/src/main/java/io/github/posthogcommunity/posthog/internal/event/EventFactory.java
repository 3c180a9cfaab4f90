package io.github.posthogcommunity.posthog.internal.event;

import io.github.posthogcommunity.posthog.BeforeSend;
import io.github.posthogcommunity.posthog.CaptureOptions;
import io.github.posthogcommunity.posthog.CaptureOutcome;
import io.github.posthogcommunity.posthog.DropReason;
import io.github.posthogcommunity.posthog.EventContext;
import io.github.posthogcommunity.posthog.PostHogEvent;
import io.github.posthogcommunity.posthog.internal.ClientConfig;
import io.github.posthogcommunity.posthog.internal.flags.FlagProperties;
import io.github.posthogcommunity.posthog.internal.pipeline.DropWarnings;
import io.github.posthogcommunity.posthog.internal.pipeline.Pipeline;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The capturing thread's half of the client: resolves the distinct id, validates, snapshots properties, stamps
 * uuid and timestamp, runs the before-send chain and hands the event to the pipeline. Never throws; every event
 * it is given is either handed off or dropped with a reason (counted, logged once).
 */
public final class EventFactory {

    private final ClientConfig config;
    private final Pipeline pipeline;
    private final List<BeforeSend> hooks;
    private final Supplier<EventContext> context;
    private final DropWarnings warnings = new DropWarnings(System::nanoTime);

    private final SuperProperties superProperties;

    /** On every event unless its properties set it (see {@link EventRecord#markServer()}). */
    static final String IS_SERVER = "$is_server";

    /**
     * @param pipeline {@code null} for a disabled client: every call is accepted and ignored
     * @param superProperties added to every event (shared by the client's lanes)
     */
    public EventFactory(ClientConfig config, Pipeline pipeline, SuperProperties superProperties) {
        this.config = config;
        this.pipeline = pipeline;
        this.hooks = config.beforeSend();
        this.context = config.contextSupplier();
        this.superProperties = superProperties;
    }

    public UUID capture(String distinctId, String event, Map<String, ?> properties, CaptureOptions options) {
        return capture(distinctId, event, properties, options, null);
    }

    /**
     * Captures an event and has {@code future} completed with its final outcome (off the dispatcher thread), then
     * flushes the lane so it is sent now rather than at the next batch threshold.
     */
    public void captureImmediate(String distinctId, String event, Map<String, ?> properties, CaptureOptions options,
                                 CompletableFuture<CaptureOutcome> future, ImmediateOutcomes outcomes) {
        if (capture(distinctId, event, properties, options, outcomes.watcher(future)) != null) {
            pipeline.flushAsync();
        }
    }

    /** @param watcher told the event's final outcome, or {@code null} (plain capture) */
    private UUID capture(String distinctId, String event, Map<String, ?> properties, CaptureOptions options,
                         OutcomeWatcher watcher) {
        if (pipeline == null) {
            return null;
        }
        try {
            pipeline.countCaptured();
            if (!pipeline.isAccepting()) {
                return drop(watcher, event, DropReason.SHUTDOWN, "the client is shut down");
            }
            EventContext ambient = ambient();
            String id = distinctId;
            if ((id == null || id.isBlank()) && ambient != null && ambient.distinctId() != null
                    && !ambient.distinctId().isBlank()) {
                id = ambient.distinctId();
            }
            if (id != null && id.isBlank()) {
                return drop(watcher, event, DropReason.INVALID, "distinct id is blank");
            }
            if (event == null || event.isBlank()) {
                return drop(watcher, event, DropReason.INVALID, "event name is blank");
            }
            String noRoom = pipeline.dropIfNoRoom(false); // counted and logged; nothing is built for a full queue
            if (noRoom != null) {
                if (watcher != null) {
                    watcher.dropped(null, DropReason.QUEUE_FULL, 0, noRoom);
                }
                return null;
            }
            PropertySnapshot snapshot = new PropertySnapshot();
            LinkedHashMap<String, Object> props = snapshot.copyMap(properties);
            CaptureOptions opts = options == null ? CaptureOptions.none() : options;
            applyOptions(props, opts, snapshot);
            if (ambient != null && !ambient.properties().isEmpty()) {
                for (Map.Entry<String, Object> tag : ambient.properties().entrySet()) {
                    if (!props.containsKey(tag.getKey())) {
                        props.put(tag.getKey(), snapshot.copyValue(tag.getValue()));
                    }
                }
            }
            if (id == null) {
                // No id from the caller nor the context (or personless on purpose): a personless event.
                id = UUID.randomUUID().toString();
                props.putIfAbsent("$process_person_profile", Boolean.FALSE);
            }
            String sessionId = ambient == null ? null : ambient.sessionId();
            if (sessionId != null && !sessionId.isBlank() && !props.containsKey("$session_id")) {
                props.put("$session_id", sessionId);
            }
            superProperties.applyTo(props); // never $is_server: the encoder adds it unless the event has it
            return submit(watcher, event, id, props, opts.uuid(), opts.timestamp());
        } catch (InvalidEventException invalid) {
            return drop(watcher, event, invalid.reason(), invalid.getMessage());
        } catch (Exception | Error unexpected) {
            // User code runs here (context supplier, toString of property values): whatever it throws stays here.
            rethrowIfFatal(unexpected);
            return drop(watcher, event, DropReason.INVALID, "could not be captured: " + unexpected.getClass().getName());
        }
    }

    /**
     * For a caller about to build costly properties (an exception's frames): when the queue has no room now, counts
     * the capture as captured and dropped ({@code queue_full}), as {@link #capture} would, and returns {@code true}.
     */
    public boolean dropIfNoRoom() {
        return pipeline != null && pipeline.isAccepting() && pipeline.dropIfNoRoom(true) != null;
    }

    public UUID identify(String distinctId, Map<String, ?> set, Map<String, ?> setOnce) {
        if (pipeline == null) {
            return null;
        }
        CaptureOptions.Builder options = CaptureOptions.builder().set(set == null ? Map.of() : set);
        if (setOnce != null) {
            options.setOnce(setOnce);
        }
        if (distinctId == null || distinctId.isBlank()) {
            pipeline.countCaptured();
            return drop(null, "$identify", DropReason.INVALID, "distinct id is blank");
        }
        return capture(distinctId, "$identify", null, options.build());
    }

    public UUID alias(String distinctId, String alias) {
        if (pipeline == null) {
            return null;
        }
        if (distinctId == null || distinctId.isBlank() || alias == null || alias.isBlank()) {
            pipeline.countCaptured();
            return drop(null, "$create_alias", DropReason.INVALID, "distinct id or alias is blank");
        }
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("distinct_id", distinctId);
        props.put("alias", alias);
        return capture(distinctId, "$create_alias", props, null);
    }

    public UUID groupIdentify(String groupType, String groupKey, Map<String, ?> properties, String distinctId) {
        if (pipeline == null) {
            return null;
        }
        if (groupType == null || groupType.isBlank() || groupKey == null || groupKey.isBlank()) {
            pipeline.countCaptured();
            return drop(null, "$groupidentify", DropReason.INVALID, "group type or key is blank");
        }
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("$group_type", groupType);
        props.put("$group_key", groupKey);
        props.put("$group_set", properties == null ? Map.of() : properties);
        String id = distinctId == null || distinctId.isBlank() ? "$" + groupType + "_" + groupKey : distinctId;
        return capture(id, "$groupidentify", props, null);
    }

    private UUID submit(OutcomeWatcher watcher, String event, String distinctId, Map<String, Object> props,
                        UUID callerUuid, Instant callerTimestamp) {
        long acceptedAt = config.clock().nanoTime();
        // The SDK stamps the capture instant at millisecond precision (as PostHog's other SDKs do): finer digits
        // are noise that costs a fifth of the compressed batch. A caller's timestamp is kept as given.
        Instant timestamp = callerTimestamp != null ? callerTimestamp
                : config.clock().now().truncatedTo(ChronoUnit.MILLIS);
        UUID uuid = callerUuid != null ? callerUuid : Uuid7.next(timestamp.toEpochMilli());
        EventRecord record;
        if (hooks.isEmpty()) {
            record = new EventRecord(event, distinctId, uuid, timestamp, props, acceptedAt);
            record.markServer();
        } else {
            // hooks see $is_server among the properties, and may change or remove it
            props.putIfAbsent(IS_SERVER, Boolean.TRUE);
            record = runHooks(watcher, new PostHogEvent(event, distinctId, props, timestamp, uuid), acceptedAt);
            if (record == null) {
                return null;
            }
        }
        if (watcher != null) {
            record.watch(watcher);
        }
        return pipeline.enqueue(record) ? record.uuid() : null;
    }

    private EventRecord runHooks(OutcomeWatcher watcher, PostHogEvent original, long acceptedAt) {
        PostHogEvent current = original;
        for (BeforeSend hook : hooks) {
            try {
                current = hook.apply(current);
            } catch (Exception | Error e) {
                // Fail closed on anything a hook throws (an AssertionError, a LinkageError, a sneaky checked one).
                rethrowIfFatal(e);
                drop(watcher, original.event(), DropReason.BEFORE_SEND,
                        "a before-send hook threw " + e.getClass().getName());
                return null;
            }
            if (current == null) {
                pipeline.countDrop(DropReason.BEFORE_SEND);
                if (watcher != null) {
                    watcher.dropped(original.uuid(), DropReason.BEFORE_SEND, 0, "a before-send hook dropped it");
                }
                return null;
            }
        }
        if (current.event() == null || current.event().isBlank()
                || current.distinctId() == null || current.distinctId().isBlank()) {
            drop(watcher, original.event(), DropReason.INVALID,
                    "a before-send hook left the event name or distinct id blank");
            return null;
        }
        try {
            // The hook may have added values of any type, or kept references to mutable objects: snapshot again.
            Map<String, Object> props = new PropertySnapshot().copyMap(current.properties());
            return new EventRecord(current.event(), current.distinctId(), current.uuid(), current.timestamp(), props,
                    acceptedAt);
        } catch (InvalidEventException invalid) {
            drop(watcher, original.event(), invalid.reason(), invalid.getMessage());
            return null;
        }
    }

    private void applyOptions(Map<String, Object> props, CaptureOptions options, PropertySnapshot snapshot)
            throws InvalidEventException {
        if (options.set() != null) {
            props.put("$set", snapshot.copyValue(options.set()));
        }
        if (options.setOnce() != null) {
            props.put("$set_once", snapshot.copyValue(options.setOnce()));
        }
        boolean geoipOff = options.disableGeoip() != null ? options.disableGeoip() : config.disableGeoip();
        if (geoipOff) {
            props.put("$geoip_disable", Boolean.TRUE);
        }
        FlagProperties.apply(props, options.flags());
        if (options.isPersonless()) {
            props.put("$process_person_profile", Boolean.FALSE);
        } else if (options.processPersonProfile() != null) {
            props.put("$process_person_profile", options.processPersonProfile());
        }
        if (options.cookielessMode()) {
            props.put("$cookieless_mode", Boolean.TRUE);
        }
        if (options.disableSkewCorrection()) {
            props.put("$ignore_sent_at", Boolean.TRUE);
        }
        if (options.productTourId() != null) {
            props.put("$product_tour_id", options.productTourId());
        }
        if (options.groups() != null && !options.groups().isEmpty()) {
            props.put("$groups", snapshot.copyValue(options.groups()));
        }
    }

    private EventContext ambient() {
        if (context == null) {
            return null;
        }
        try {
            return context.get();
        } catch (Exception | Error e) {
            rethrowIfFatal(e);
            return null;
        }
    }

    /** Out of memory and internal VM errors propagate; everything else user code throws is contained. */
    private static void rethrowIfFatal(Throwable t) {
        if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
            throw (VirtualMachineError) t;
        }
    }

    private UUID drop(OutcomeWatcher watcher, String event, DropReason reason, String why) {
        pipeline.countDrop(reason);
        if (watcher != null) {
            watcher.dropped(null, reason, 0, why);
        }
        if (reason != DropReason.SHUTDOWN) {
            warnings.limited(reason, 1, "event '" + (event == null ? "<null>" : event) + "': " + why);
        } else {
            pipeline.warnCaptureAfterShutdown();
        }
        return null;
    }
}
