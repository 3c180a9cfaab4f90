package io.github.posthogcommunity.posthog.internal.event;

import io.github.posthogcommunity.posthog.DropReason;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The snapshot's rules for the JDK's immutable lists and maps: shared when nothing in them needs copying. */
class PropertySnapshotTest {

    @Test
    void immutableListsAndMapsOfPlainValuesAreSharedNotCopied() throws Exception {
        List<Object> list = List.of("checkout", 3, 2L, true, 0.5, 1.5f, new BigDecimal("9.99"));
        List<String> pair = List.of("a", "b");
        Map<String, Object> map = Map.of("country", "DE", "days", 2);
        Map<String, Object> single = Map.of("only", "one");
        List<String> withNull = Stream.of("x", null, "y").toList();
        List<Integer> copied = List.copyOf(new ArrayList<>(List.of(1, 2, 3)));

        Map<String, Object> snapshot = new PropertySnapshot().copyMap(props("list", list, "pair", pair, "map", map,
                "single", single, "withNull", withNull, "copied", copied));

        assertThat(snapshot.get("list")).isSameAs(list);
        assertThat(snapshot.get("pair")).isSameAs(pair);
        assertThat(snapshot.get("map")).isSameAs(map);
        assertThat(snapshot.get("single")).isSameAs(single);
        assertThat(snapshot.get("withNull")).isSameAs(withNull);
        assertThat(snapshot.get("copied")).isSameAs(copied);
    }

    @Test
    void aSharedContainerIsChargedExactlyAsItsCopyWouldBe() throws Exception {
        Object[][] cases = {
                {List.of("checkout", "web", "eu"), new ArrayList<>(List.of("checkout", "web", "eu"))},
                {List.of(1, 2L, true, 0.25), new ArrayList<>(List.of(1, 2L, true, 0.25))},
                {Map.of("country", "DE", "method", "express", "days", 2),
                        new LinkedHashMap<>(Map.of("country", "DE", "method", "express", "days", 2))},
                {Stream.of("x", null).toList(), new ArrayList<>(Arrays.asList("x", null))},
                {List.of(), new ArrayList<>()},
                {Map.of(), new LinkedHashMap<>()},
        };
        for (Object[] pair : cases) {
            PropertySnapshot shared = new PropertySnapshot();
            PropertySnapshot copied = new PropertySnapshot();
            Object sharedValue = shared.copyValue(pair[0]);
            Object copiedValue = copied.copyValue(pair[1]);
            assertThat(sharedValue).as("%s", pair[0]).isSameAs(pair[0]);
            assertThat(copiedValue).isNotSameAs(pair[1]).isEqualTo(pair[1]);
            assertThat(shared.remaining()).as("charge of %s", pair[0]).isEqualTo(copied.remaining());
        }
    }

    @Test
    void aSharedListStillCountsAgainstTheSizeCap() {
        String half = "x".repeat(EventRecord.MAX_ENCODED_BYTES / 2);
        assertThatThrownBy(() -> new PropertySnapshot().copyMap(props("big", List.of(half, half, half))))
                .isInstanceOfSatisfying(InvalidEventException.class,
                        e -> assertThat(e.reason()).isEqualTo(DropReason.TOO_LARGE));
        assertThatThrownBy(() -> new PropertySnapshot().copyMap(props("big", Map.of("a", half, "b", half))))
                .isInstanceOfSatisfying(InvalidEventException.class,
                        e -> assertThat(e.reason()).isEqualTo(DropReason.TOO_LARGE));
        // over the cap before a value that would need copying: too large, as the copy would say
        assertThatThrownBy(() -> new PropertySnapshot().copyMap(props("big",
                List.of(half, half, half, new AtomicLong(1)))))
                .isInstanceOfSatisfying(InvalidEventException.class,
                        e -> assertThat(e.reason()).isEqualTo(DropReason.TOO_LARGE));
    }

    @Test
    void immutableContainersHoldingAnythingElseAreCopiedByTheUsualRules() throws Exception {
        AtomicLong counter = new AtomicLong(5);
        List<Object> mutableInside = List.of(counter, new ArrayList<>(List.of("before")));
        List<Double> notANumber = List.of(1.0, Double.NaN);
        Map<Integer, String> intKeys = Map.of(7, "seven");
        List<List<String>> nested = List.of(List.of("inner"));

        Map<String, Object> snapshot = new PropertySnapshot().copyMap(props("mutableInside", mutableInside,
                "notANumber", notANumber, "intKeys", intKeys, "nested", nested));
        counter.set(6);
        ((List<String>) mutableInside.get(1)).add("after");

        assertThat(snapshot.get("mutableInside")).isNotSameAs(mutableInside)
                .isEqualTo(List.of(5L, List.of("before")));
        assertThat(snapshot.get("notANumber")).isNotSameAs(notANumber).isEqualTo(Arrays.asList(1.0, null));
        assertThat(snapshot.get("intKeys")).isNotSameAs(intKeys).isEqualTo(Map.of("7", "seven"));
        List<?> outer = (List<?>) snapshot.get("nested");
        assertThat(outer).isNotSameAs(nested);
        assertThat(outer.get(0)).isSameAs(nested.get(0));
    }

    @Test
    void anImmutableListTooDeepIsStillInvalid() {
        Object value = List.of("leaf");
        for (int i = 0; i < PropertySnapshot.MAX_DEPTH; i++) {
            value = new ArrayList<>(List.of(value));
        }
        Object tooDeep = value;
        assertThatThrownBy(() -> new PropertySnapshot().copyMap(props("deep", tooDeep)))
                .isInstanceOfSatisfying(InvalidEventException.class,
                        e -> assertThat(e.reason()).isEqualTo(DropReason.INVALID));
    }

    private static Map<String, Object> props(Object... keysAndValues) {
        Map<String, Object> props = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            props.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return props;
    }
}
