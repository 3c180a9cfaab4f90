package io.github.posthogcommunity.posthog.spring.boot.test;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The stubbed flags and the {@code /flags} (v2) answer made from them. Thread-safe. */
final class FlagStubs {

    private record Stub(Object value, @Nullable String payloadJson) {
    }

    private final Map<String, Stub> stubs = new LinkedHashMap<>();

    synchronized void put(String key, Object value, @Nullable String payloadJson) {
        stubs.put(key, new Stub(value, payloadJson));
    }

    synchronized void clear() {
        stubs.clear();
    }

    /** The v2 {@code /flags} response: every stubbed flag; flags not stubbed are absent, as unknown flags are. */
    synchronized byte[] answer(JsonMapper json) {
        ObjectNode root = json.createObjectNode();
        ObjectNode flags = root.putObject("flags");
        int id = 1;
        for (Map.Entry<String, Stub> e : stubs.entrySet()) {
            Object value = e.getValue().value();
            ObjectNode flag = flags.putObject(e.getKey());
            flag.put("key", e.getKey());
            flag.put("enabled", !Boolean.FALSE.equals(value));
            if (value instanceof String variant) {
                flag.put("variant", variant);
            } else {
                flag.putNull("variant");
            }
            flag.putObject("reason").put("code", "stubbed").put("description", "stubbed by PostHogRecorder");
            ObjectNode metadata = flag.putObject("metadata");
            metadata.put("id", id++);
            metadata.put("version", 1);
            if (e.getValue().payloadJson() == null) {
                metadata.putNull("payload");
            } else {
                metadata.put("payload", e.getValue().payloadJson());
            }
        }
        root.put("errorsWhileComputingFlags", false);
        root.put("requestId", "posthog-recorder");
        return json.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
    }
}
