package io.github.posthogcommunity.posthog.internal.flags.local;

import io.github.posthogcommunity.posthog.PostHogClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code flag-local-eval-cases.json}: every case at its {@code evaluation_level}. {@code client} cases go through
 * the SDK enrichment ({@link FlagContext#withSdkEnrichment()}); the other levels call the engine directly.
 */
class FlagLocalEvalCasesTest {

    private static final List<Map<String, Object>> CASES = SharedTestData.readList("flag-local-eval-cases.json");

    static Stream<Arguments> cases() {
        return CASES.stream().map(c -> Arguments.argumentSet(
                c.get("evaluation_level") + " | " + c.get("family") + " | " + c.get("name"), c));
    }

    @Test
    void theFileHasEveryCase() {
        assertThat(CASES).hasSize(175);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void matchesThePythonReference(Map<String, Object> c) {
        Object expected = c.get("expected");
        LocalResult result = evaluate(c, "client".equals(c.get("evaluation_level")));
        assertOutcome(result, expected, c);
    }

    /** The cases that need the SDK enrichment come out inconclusive without it (as the README verifies). */
    @ParameterizedTest
    @MethodSource("enrichmentCases")
    void enrichmentIsWhatDecidesTheseCases(Map<String, Object> c) {
        assertThat(evaluate(c, false)).isInstanceOf(LocalResult.Inconclusive.class);
    }

    static Stream<Arguments> enrichmentCases() {
        return CASES.stream().filter(c -> c.get("requires_sdk_enrichment") != null)
                .map(c -> Arguments.argumentSet(String.valueOf(c.get("name")), c));
    }

    @Test
    void fourCasesRequireEnrichment() {
        assertThat(enrichmentCases()).hasSize(4);
    }

    @SuppressWarnings("unchecked")
    static LocalResult evaluate(Map<String, Object> c, boolean enrich) {
        PostHogClock clock = c.get("now") == null ? PostHogClock.system() : fixed(Instant.parse((String) c.get("now")));
        LocalEvaluator evaluator = new LocalEvaluator(SharedTestData.definitions(c.get("flag_definitions")), clock);
        Map<String, Object> call = (Map<String, Object>) c.get("call");
        FlagContext ctx = new FlagContext((String) call.get("distinct_id"),
                (Map<String, Object>) call.get("person_properties"),
                (Map<String, String>) call.get("groups"),
                (Map<String, Map<String, Object>>) call.get("group_properties"),
                (String) call.get("device_id"));
        return evaluator.evaluate((String) call.get("key"), enrich ? ctx.withSdkEnrichment() : ctx);
    }

    static void assertOutcome(LocalResult result, Object expected, Map<String, Object> c) {
        if ("inconclusive".equals(expected)) {
            assertThat(result).as("%s", c.get("note")).isInstanceOf(LocalResult.Inconclusive.class);
        } else {
            assertThat(result).as("%s", c.get("note")).isInstanceOf(LocalResult.Decided.class);
            assertThat(((LocalResult.Decided) result).value()).isEqualTo(expected);
        }
    }

    static PostHogClock fixed(Instant now) {
        return new PostHogClock() {
            @Override
            public Instant now() {
                return now;
            }

            @Override
            public long nanoTime() {
                return 0;
            }
        };
    }
}
