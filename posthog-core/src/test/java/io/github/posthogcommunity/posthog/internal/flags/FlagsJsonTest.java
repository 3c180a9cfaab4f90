package io.github.posthogcommunity.posthog.internal.flags;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlagsJsonTest {

    private static FlagsResponse parse(String json) throws Exception {
        return FlagsJson.parseResponse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheV2ShapeWithMetadata() throws Exception {
        FlagsResponse r = parse("""
                {"flags": {"a": {"key": "a", "enabled": true, "variant": "v1",
                                 "reason": {"code": "condition_match", "condition_index": 0},
                                 "metadata": {"id": 5, "version": 2, "payload": "[1,2]", "has_experiment": true,
                                              "description": "ignored"}},
                           "b": {"enabled": false, "variant": "ignored-when-off"},
                           "c": "not an object"},
                 "errorsWhileComputingFlags": true, "quotaLimited": ["recordings", "feature_flags"],
                 "requestId": "r1", "evaluatedAt": 12, "unknown": {"nested": [1, {"x": 2}]},
                 "featureFlags": {"a": false}}
                """);
        assertThat(r.flags()).containsOnlyKeys("a", "b");
        assertThat(r.flags().get("a")).isEqualTo(new EvaluatedFlag("a", true, "v1", "[1,2]", 5L, 2L,
                "condition_match", true));
        assertThat(r.flags().get("b").value()).isEqualTo(false);
        assertThat(r.errorsWhileComputing()).isTrue();
        assertThat(r.quotaLimited()).isTrue();
        assertThat(r.requestId()).isEqualTo("r1");
        assertThat(r.evaluatedAt()).isEqualTo(12L);
        assertThat(r.failed()).isFalse();
    }

    @Test
    void readsTheOlderShapeIncludingInlinedPayloads() throws Exception {
        FlagsResponse r = parse("""
                {"featureFlags": {"a": true, "b": "variant", "c": false, "d": null},
                 "featureFlagPayloads": {"a": {"x": [1, 2.50, "y"]}, "b": "\\"text\\"", "c": null, "e": 42}}
                """);
        assertThat(r.flags()).containsOnlyKeys("a", "b", "c");
        assertThat(r.flags().get("a").payload()).isEqualTo("{\"x\":[1,2.50,\"y\"]}");
        assertThat(r.flags().get("b").value()).isEqualTo("variant");
        assertThat(r.flags().get("b").payload()).isEqualTo("\"text\"");
        assertThat(r.flags().get("c").value()).isEqualTo(false);
        assertThat(r.flags().get("c").payload()).isNull();
        assertThat(r.minimalEvents()).isFalse();
    }

    @Test
    void rejectsWhatIsNotAFlagsObject() {
        for (String body : List.of("", "[]", "null", "{\"flags\": {", "{\"flags\": {}} trailing", "<html>")) {
            assertThatThrownBy(() -> parse(body)).as(body).isInstanceOf(FlagsJson.UnreadableResponse.class);
        }
    }

    @Test
    void anEmptyObjectIsNoFlags() throws Exception {
        assertThat(parse("{}").flags()).isEmpty();
    }

    @Test
    void writesTheRequestBodyWithAnyPropertyValues() {
        Map<String, Object> person = new LinkedHashMap<>();
        person.put("s", "x");
        person.put("n", 1);
        person.put("d", new BigDecimal("1.50"));
        person.put("nan", Double.NaN);
        person.put("list", List.of(1, "a"));
        person.put("array", new int[] {1, 2});
        person.put("opt", Optional.of("o"));
        person.put("enum", java.time.DayOfWeek.MONDAY);
        person.put("other", Duration.ofSeconds(1));
        person.put("null", null);
        FlagsQuery query = new FlagsQuery("u", Map.of(), person, Map.of(), false, null);
        String json = new String(FlagsJson.requestBody("phc_x", query), StandardCharsets.UTF_8);
        assertThat(json).contains("\"person_properties\":{\"s\":\"x\",\"n\":1,\"d\":1.50,\"nan\":null,"
                + "\"list\":[1,\"a\"],\"array\":[1,2],\"opt\":\"o\",\"enum\":\"MONDAY\",\"other\":\"PT1S\","
                + "\"null\":null}");
        JsonNode body = new ObjectMapper().readTree(json);
        assertThat(body.has("flag_keys_to_evaluate")).isFalse();
    }

    @Test
    void retryDelaysDoubleFromTheFirstAndAreCapped() {
        FlagsConfig config = FlagsConfig.defaults();
        assertThat(config.retryDelay(1)).isEqualTo(Duration.ofMillis(300));
        assertThat(config.retryDelay(2)).isEqualTo(Duration.ofMillis(600));
        assertThat(config.retryDelay(3)).isEqualTo(Duration.ofMillis(1200));
        assertThat(config.retryDelay(4)).isEqualTo(Duration.ofMillis(2400));
        assertThat(config.retryDelay(5)).isEqualTo(FlagsConfig.MAX_RETRY_DELAY);
        assertThatThrownBy(() -> new FlagsConfig(Duration.ofSeconds(1), 6, Duration.ofMillis(1), true, 1,
                RetrySleeper.system())).isInstanceOf(IllegalArgumentException.class);
    }
}
