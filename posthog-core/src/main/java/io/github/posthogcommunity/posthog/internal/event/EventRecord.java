package io.github.posthogcommunity.posthog.internal.event;

import io.github.posthogcommunity.posthog.DropReason;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One accepted event on its way through the pipeline. Built and frozen on the capturing thread; after it is
 * handed off only the dispatcher touches it: it encodes the event once ({@link #encoded}) and releases the
 * property tree, so a queued event costs its wire bytes, not its object graph.
 */
public final class EventRecord {

    /**
     * A single event larger than this, serialized, is dropped ({@code too_large}): the property snapshot refuses
     * a tree that cannot fit on the capturing thread, the encoder stops writing as soon as an event passes it.
     */
    public static final int MAX_ENCODED_BYTES = 900 * 1024;

    private final String event;
    private final String distinctId;
    private final UUID uuid;
    private final Instant timestamp;
    private Map<String, Object> properties;
    private final long acceptedAt;
    private long sequence;
    private byte[] encoded;
    /** Told the event's final outcome; {@code null} for ordinary captures (then settling costs one null check). */
    private OutcomeWatcher watcher;
    /** Whether the encoder adds {@code $is_server: true} (unless the properties carry {@code $is_server}). */
    private boolean serverMarker;

    /**
     * @param properties an immutable snapshot (see {@link PropertySnapshot}); never the caller's map
     * @param acceptedAt clock nanos at capture; the flush interval counts from the oldest buffered event's
     */
    public EventRecord(String event, String distinctId, UUID uuid, Instant timestamp, Map<String, Object> properties,
                       long acceptedAt) {
        this.event = event;
        this.distinctId = distinctId;
        this.uuid = uuid;
        this.timestamp = timestamp;
        this.properties = properties;
        this.acceptedAt = acceptedAt;
    }

    public String event() {
        return event;
    }

    public String distinctId() {
        return distinctId;
    }

    public UUID uuid() {
        return uuid;
    }

    public Instant timestamp() {
        return timestamp;
    }

    /** The properties snapshot; {@code null} once the event is encoded. */
    public Map<String, Object> properties() {
        return properties;
    }

    /** The hand-off position: events accepted earlier have smaller numbers. Set once by the intake. */
    public long sequence() {
        return sequence;
    }

    public void sequence(long value) {
        this.sequence = value;
    }

    /** Clock nanos at which the event was captured. */
    public long acceptedAt() {
        return acceptedAt;
    }

    /** The event's wire bytes, or {@code null} before encoding. */
    public byte[] encoded() {
        return encoded;
    }

    /**
     * Capturing thread, before the hand-off: the encoder adds {@code $is_server: true} unless the properties have
     * {@code $is_server}. Written on the wire rather than into the property map: one map entry per capture cost the
     * capturing thread more than anything else the SDK adds (measured).
     */
    void markServer() {
        this.serverMarker = true;
    }

    /** Whether the encoder adds {@code $is_server: true} when the properties lack it. */
    public boolean serverMarker() {
        return serverMarker;
    }

    /** Capturing thread, before the hand-off: asks to be told this event's final outcome. */
    void watch(OutcomeWatcher value) {
        this.watcher = value;
    }

    /** Pipeline: the event was delivered (final). */
    public void settledSent(int statusCode) {
        OutcomeWatcher w = watcher;
        if (w != null) {
            w.sent(uuid, statusCode);
        }
    }

    /** Pipeline: the event was dropped (final). */
    public void settledDropped(DropReason reason, int statusCode, String detail) {
        OutcomeWatcher w = watcher;
        if (w != null) {
            w.dropped(uuid, reason, statusCode, detail);
        }
    }

    /** Stores the wire bytes and releases the property tree. */
    public void encoded(byte[] bytes) {
        this.encoded = bytes;
        this.properties = null;
    }
}
