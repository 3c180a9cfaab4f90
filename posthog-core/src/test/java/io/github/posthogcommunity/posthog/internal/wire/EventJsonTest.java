package io.github.posthogcommunity.posthog.internal.wire;

import io.github.posthogcommunity.posthog.internal.event.EventRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;

import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventJsonTest {

    private static byte[] encode(EventJson json, Map<String, Object> properties) {
        JsonGenerator g = json.start();
        EventJson.writeProperties(g, properties, Set.of(), false, false);
        return json.finish(g);
    }

    @Test
    void aFortyMegabyteEventIsRefusedAndLeavesNoLargeBufferBehind() {
        EventJson json = new EventJson();
        encode(json, Map.of("warm", "up"));
        Map<String, Object> huge = Map.of("blob", "x".repeat(40 * 1024 * 1024));

        assertThatThrownBy(() -> encode(json, huge)).isInstanceOf(EventTooLargeException.class);

        assertThat(json.retainedBytes()).as("scratch bytes kept after the outsized event")
                .isLessThanOrEqualTo(ScratchBuffer.RETAINED_BYTES);
        assertThat(new String(encode(json, Map.of("next", 1)), StandardCharsets.UTF_8)).isEqualTo("{\"next\":1}");
    }

    @Test
    void encodingStopsAsSoonAsTheEventPassesTheCap() {
        AtomicInteger read = new AtomicInteger();
        int size = 10_000_000;
        java.util.List<Object> tenMillion = new AbstractList<>() {
            @Override
            public Object get(int index) {
                read.incrementAndGet();
                return "abcdefgh";
            }

            @Override
            public int size() {
                return size;
            }
        };
        EventJson json = new EventJson();

        assertThatThrownBy(() -> encode(json, Map.of("list", tenMillion))).isInstanceOf(EventTooLargeException.class);

        // each element is 11 bytes ("abcdefgh",): the encoder gives up right after the cap, not after 110 MB
        assertThat(read.get()).isLessThan(EventRecord.MAX_ENCODED_BYTES / 11 + 10_000);
    }

    @Test
    void anEventJustUnderTheCapIsEncodedWholeAndItsBufferIsLetGo() {
        EventJson json = new EventJson();
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("text", "y".repeat(EventRecord.MAX_ENCODED_BYTES - 100));

        byte[] bytes = encode(json, properties);

        assertThat(bytes).hasSize(EventRecord.MAX_ENCODED_BYTES - 100 + "{\"text\":\"\"}".length());
        assertThat(json.retainedBytes()).isLessThanOrEqualTo(ScratchBuffer.RETAINED_BYTES);
    }
}
