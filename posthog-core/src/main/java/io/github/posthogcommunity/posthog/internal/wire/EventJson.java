package io.github.posthogcommunity.posthog.internal.wire;

import io.github.posthogcommunity.posthog.internal.event.EventRecord;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Serializes the {@code properties} object of an event in the order the SDK rules fix: caller properties, then
 * {@code $lib} / {@code $lib_version} (unless the caller set them), then {@code $feature/*} and
 * {@code $active_feature_flags}, then {@code $process_person_profile}, then {@code $groups}.
 * Single-threaded: one instance per dispatcher.
 */
final class EventJson {

    static final JsonFactory FACTORY = JsonFactory.builder().build();
    /**
     * The factory of {@link #start()}: one generator per event on the dispatcher (a platform thread), so its
     * buffers are recycled through a thread-local pool. Jackson's default shared pool cost a lock-free deque
     * round trip per event (about 15 % of the dispatcher's samples in a profile of the fast path).
     */
    private static final JsonFactory PER_EVENT = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.threadLocalPool()).build();

    private final ScratchBuffer buffer = new ScratchBuffer(EventRecord.MAX_ENCODED_BYTES);

    /**
     * A generator writing into the reusable buffer; call {@link #finish(JsonGenerator)} to get the bytes. A write
     * that takes the event past {@link EventRecord#MAX_ENCODED_BYTES} throws {@link EventTooLargeException}.
     */
    JsonGenerator start() {
        buffer.reset();
        return PER_EVENT.createGenerator(ObjectWriteContext.empty(), buffer);
    }

    byte[] finish(JsonGenerator json) {
        json.close();
        byte[] bytes = buffer.toByteArray();
        buffer.reset();
        return bytes;
    }

    /** The size of the scratch array kept between events (for tests). */
    int retainedBytes() {
        return buffer.capacity();
    }

    /**
     * Writes the properties object.
     *
     * @param omitted keys not written here (capture v1 moves some to the event root or its options)
     * @param addLib add {@code $lib} / {@code $lib_version} where absent (capture v0)
     * @param serverMarker add {@code $is_server: true} where absent (see {@code EventRecord#markServer()})
     */
    static void writeProperties(JsonGenerator json, Map<String, Object> properties, Set<String> omitted,
                                boolean addLib, boolean serverMarker) {
        json.writeStartObject();
        for (Map.Entry<String, Object> e : properties.entrySet()) {
            if (!isTrailing(e.getKey()) && !omitted.contains(e.getKey())) {
                json.writeName(JsonValues.wellFormed(e.getKey()));
                JsonValues.write(json, e.getValue());
            }
        }
        if (serverMarker && !properties.containsKey("$is_server")) {
            json.writeName("$is_server");
            json.writeBoolean(true);
        }
        if (addLib) {
            if (!properties.containsKey("$lib")) {
                json.writeName("$lib");
                json.writeString(SdkInfo.NAME);
            }
            if (!properties.containsKey("$lib_version")) {
                json.writeName("$lib_version");
                json.writeString(SdkInfo.VERSION);
            }
        }
        for (Map.Entry<String, Object> e : properties.entrySet()) {
            String key = e.getKey();
            if (key.startsWith("$feature/") || key.equals("$active_feature_flags")) {
                json.writeName(JsonValues.wellFormed(key));
                JsonValues.write(json, e.getValue());
            }
        }
        if (!omitted.contains("$process_person_profile")) {
            writeIfPresent(json, properties, "$process_person_profile");
        }
        writeIfPresent(json, properties, "$groups");
        json.writeEndObject();
    }

    /** Writes one value the way properties are written. */
    static void writeValue(JsonGenerator json, Object value) {
        JsonValues.write(json, value);
    }

    private static void writeIfPresent(JsonGenerator json, Map<String, Object> properties, String key) {
        if (properties.containsKey(key)) {
            json.writeName(key);
            JsonValues.write(json, properties.get(key));
        }
    }

    private static boolean isTrailing(String key) {
        if (key.isEmpty() || key.charAt(0) != '$') {
            return false;
        }
        return key.startsWith("$feature/") || key.equals("$active_feature_flags")
                || key.equals("$process_person_profile") || key.equals("$groups");
    }

    /** {@code prefix} followed by the events' wire bytes separated by commas; room for {@code extra} more bytes. */
    static ByteArrayOutputStream joinEvents(byte[] prefix, List<EventRecord> events, int extra) {
        int size = prefix.length + extra;
        for (EventRecord e : events) {
            size += e.encoded().length + 1;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(size);
        body.writeBytes(prefix);
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                body.write(',');
            }
            body.writeBytes(events.get(i).encoded());
        }
        return body;
    }

    static String escape(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 2);
        try (JsonGenerator json = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
            json.writeString(text);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
