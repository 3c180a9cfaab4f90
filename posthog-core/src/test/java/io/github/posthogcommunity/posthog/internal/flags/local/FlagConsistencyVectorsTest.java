package io.github.posthogcommunity.posthog.internal.flags.local;

import io.github.posthogcommunity.posthog.PostHogClock;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code flag-consistency.json}: the SHA-1 bucketing rule, 2 flags x 1000 distinct ids, plus the worked hashes. */
class FlagConsistencyVectorsTest {

    private static final Map<String, Object> DATA = SharedTestData.readObject("flag-consistency.json");

    @SuppressWarnings("unchecked")
    @TestFactory
    Stream<DynamicNode> everyDistinctIdBucketsLikePostHog() {
        List<DynamicNode> containers = new ArrayList<>();
        List<Map<String, Object>> tests = (List<Map<String, Object>>) DATA.get("tests");
        // the simple and the multivariate flag: an empty or truncated file must not pass by running nothing
        assertThat(tests).hasSize(2);
        for (Map<String, Object> test : tests) {
            LocalEvaluator evaluator = new LocalEvaluator(SharedTestData.definitions(test.get("flag_definitions")),
                    PostHogClock.system());
            String flagKey = (String) test.get("flag_key");
            List<String> ids = (List<String>) test.get("distinct_ids");
            List<Object> expected = (List<Object>) test.get("expected");
            assertThat(ids).hasSize(1000).hasSameSizeAs(expected);
            List<DynamicTest> cases = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.get(i);
                Object want = expected.get(i);
                cases.add(DynamicTest.dynamicTest(flagKey + " " + id + " -> " + want, () -> {
                    LocalResult r = evaluator.evaluate(flagKey, FlagContext.of(id));
                    assertThat(r).isInstanceOf(LocalResult.Decided.class);
                    assertThat(((LocalResult.Decided) r).value()).isEqualTo(want);
                }));
            }
            containers.add(DynamicContainer.dynamicContainer((String) test.get("name"), cases));
        }
        return containers.stream();
    }

    @SuppressWarnings("unchecked")
    @TestFactory
    Stream<DynamicTest> workedHashExamples() {
        List<Map<String, Object>> examples = (List<Map<String, Object>>) DATA.get("worked_examples");
        assertThat(examples).hasSize(5);
        return examples.stream().map(ex -> DynamicTest.dynamicTest((String) ex.get("hashed_string"), () -> {
            String hashed = (String) ex.get("hashed_string");
            int dot = hashed.indexOf('.');
            String key = hashed.substring(0, dot);
            String rest = hashed.substring(dot + 1);
            String salt = rest.endsWith("variant") ? "variant" : "";
            String bucketing = rest.substring(0, rest.length() - salt.length());
            double h = FlagHash.hash(key, bucketing, salt);
            assertThat(Double.toString(h)).isEqualTo(ex.get("float_repr"));
            assertThat(h).isEqualTo(Double.parseDouble((String) ex.get("float_repr")));
        }));
    }

    @Test
    void allOnesHashIsExactlyOne() {
        byte[] ones = new byte[20];
        java.util.Arrays.fill(ones, (byte) 0xFF);
        assertThat(FlagHash.toUnitInterval(ones)).isEqualTo(1.0);
    }
}
