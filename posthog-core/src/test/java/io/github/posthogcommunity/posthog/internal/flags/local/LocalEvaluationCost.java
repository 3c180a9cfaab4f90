package io.github.posthogcommunity.posthog.internal.flags.local;

import io.github.posthogcommunity.posthog.PostHogClock;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Measures (does not assert) the cost of local evaluation after warm-up: one typical flag (3 property filters and
 * a rollout) and all 50 flags of a realistic set. Not JMH: a first number until the JMH module covers it.
 *
 * <pre>
 * ./mvnw -q -B -ntp -pl posthog-core test-compile
 * java -cp posthog-core/target/classes:posthog-core/target/test-classes:$HOME/.m2/repository/tools/jackson/core/jackson-core/3.1.7/jackson-core-3.1.7.jar \
 *     io.github.posthogcommunity.posthog.internal.flags.local.LocalEvaluationCost
 * </pre>
 */
public final class LocalEvaluationCost {

    private LocalEvaluationCost() {
    }

    public static void main(String[] args) {
        StringBuilder flags = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            if (i > 0) {
                flags.append(',');
            }
            flags.append(flag("flag-" + i, i));
        }
        LocalEvaluator evaluator = new LocalEvaluator(FlagDefinitions.parse(("{'flags':[" + flags
                + "],'group_type_mapping':{'0':'company'},'cohorts':{}}").replace('\'', '"')
                .getBytes(StandardCharsets.UTF_8)), PostHogClock.system());

        Map<String, Object> person = new HashMap<>();
        person.put("email", "someone@example.com");
        person.put("country", "DE");
        person.put("age", 34);
        person.put("plan", "pro");
        person.put("app_version", "2.4.1");
        FlagContext ctx = new FlagContext("user-123456", person, Map.of(), Map.of(), null).withSdkEnrichment();

        FlagContext raw = new FlagContext("user-123456", person, Map.of(), Map.of(), null);
        long sink = 0;
        for (int round = 0; round < 5; round++) {
            sink += measureOne(evaluator, ctx, round == 4);
            sink += measureAll(evaluator, ctx, round == 4);
            sink += measureEnriched(evaluator, raw, round == 4);
        }
        System.out.println("(sink " + sink + ")");
    }

    private static long measureOne(LocalEvaluator evaluator, FlagContext ctx, boolean print) {
        int n = 400_000;
        long sink = 0;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            LocalResult r = evaluator.evaluate("flag-0", ctx);
            sink += r instanceof LocalResult.Decided d && d.enabled() ? 1 : 0;
        }
        long ns = System.nanoTime() - start;
        if (print) {
            System.out.printf("one typical flag (3 filters + rollout): %.0f ns/evaluation%n", (double) ns / n);
        }
        return sink;
    }

    /** What {@link LocalFlags#evaluate} pays: the SDK enrichment (map copies) on every call. */
    private static long measureEnriched(LocalEvaluator evaluator, FlagContext raw, boolean print) {
        int n = 400_000;
        long sink = 0;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            LocalResult r = evaluator.evaluate("flag-0", raw.withSdkEnrichment());
            sink += r instanceof LocalResult.Decided d && d.enabled() ? 1 : 0;
        }
        long ns = System.nanoTime() - start;
        if (print) {
            System.out.printf("one typical flag incl. SDK enrichment per call: %.0f ns/evaluation%n", (double) ns / n);
        }
        return sink;
    }

    private static long measureAll(LocalEvaluator evaluator, FlagContext ctx, boolean print) {
        int n = 20_000;
        long sink = 0;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            sink += evaluator.evaluateAll(ctx).values().size();
        }
        long ns = System.nanoTime() - start;
        if (print) {
            System.out.printf("evaluateAll over 50 flags: %.0f ns/call (%.0f ns/flag)%n", (double) ns / n,
                    (double) ns / n / 50);
        }
        return sink;
    }

    /** Flag 0 is the typical one; the others rotate through common shapes. */
    private static String flag(String key, int i) {
        String filters = switch (i % 5) {
            case 0 -> "{'key':'country','operator':'exact','value':['DE','FR','US'],'type':'person'},"
                    + "{'key':'email','operator':'icontains','value':'@example.com','type':'person'},"
                    + "{'key':'age','operator':'gt','value':18,'type':'person'}";
            case 1 -> "{'key':'email','operator':'regex','value':'@example\\\\.(com|org)$','type':'person'}";
            case 2 -> "{'key':'app_version','operator':'semver_gte','value':'2.0.0','type':'person'}";
            case 3 -> "{'key':'plan','operator':'is_not','value':'free','type':'person'},"
                    + "{'key':'distinct_id','operator':'not_icontains','value':'test','type':'person'}";
            default -> "";
        };
        String variants = i % 4 == 1 ? ",'multivariate':{'variants':[{'key':'control','rollout_percentage':50},"
                + "{'key':'test','rollout_percentage':50}]}" : "";
        return "{'id':" + (i + 1) + ",'key':'" + key + "','active':true,'filters':{'groups':[{'properties':["
                + filters + "],'rollout_percentage':" + (i == 0 ? 50 : 30 + i) + "}]" + variants
                + ",'payloads':{'true':'{}'}}}";
    }
}
