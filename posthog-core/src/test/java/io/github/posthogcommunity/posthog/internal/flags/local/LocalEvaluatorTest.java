package io.github.posthogcommunity.posthog.internal.flags.local;

import io.github.posthogcommunity.posthog.PostHogClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the shared vectors leave out: payloads, metadata, evaluateAll, the operators without a vector, parsing. */
class LocalEvaluatorTest {

    private static final PostHogClock CLOCK = FlagLocalEvalCasesTest.fixed(Instant.parse("2022-05-01T00:00:00Z"));

    private static LocalEvaluator evaluator(String json) {
        return new LocalEvaluator(FlagDefinitions.parse(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8)),
                CLOCK);
    }

    private static LocalEvaluator propertyFlag(String operator, String valueJson) {
        return evaluator("{'flags':[{'id':1,'key':'f','active':true,'filters':{'groups':[{'properties':[{'key':'k',"
                + "'operator':'" + operator + "','value':" + valueJson + ",'type':'person'}],"
                + "'rollout_percentage':100}]}}]}");
    }

    private static Object value(LocalEvaluator e, Map<String, Object> props) {
        LocalResult r = e.evaluate("f", new FlagContext("u", props, Map.of(), Map.of(), null));
        return r instanceof LocalResult.Decided d ? d.value() : "inconclusive";
    }

    private static Map<String, Object> k(Object v) {
        Map<String, Object> m = new HashMap<>();
        m.put("k", v);
        return m;
    }

    @Test
    void payloadsIdVersionAndReasonComeWithTheValue() {
        LocalEvaluator e = evaluator("{'flags':[{'id':42,'version':7,'key':'mv','active':true,'filters':{"
                + "'groups':[{'properties':[{'key':'plan','value':'pro','type':'person'}],'rollout_percentage':100,"
                + "'variant':'b'},{'rollout_percentage':100}],"
                + "'multivariate':{'variants':[{'key':'a','rollout_percentage':100},{'key':'b','rollout_percentage':0}]},"
                + "'payloads':{'a':'{\\'x\\':1}','b':{'nested':[1,true,null,'s']}}}},"
                + "{'id':43,'key':'bool','active':true,'filters':{'groups':[{'rollout_percentage':100}],"
                + "'payloads':{'true':'\\'on\\''}}}]}");
        LocalResult.Decided b = (LocalResult.Decided) e.evaluate("mv",
                new FlagContext("u", Map.of("plan", "pro"), Map.of(), Map.of(), null));
        assertThat(b.value()).isEqualTo("b");
        assertThat(b.variant()).isEqualTo("b");
        assertThat(b.payload()).isEqualTo("{\"nested\":[1,true,null,\"s\"]}");
        assertThat(b.flagId()).isEqualTo(42L);
        assertThat(b.flagVersion()).isEqualTo(7L);
        assertThat(b.reason()).isEqualTo("condition_match");
        assertThat(b.conditionIndex()).isZero();

        LocalResult.Decided a = (LocalResult.Decided) e.evaluate("mv",
                new FlagContext("u", Map.of("plan", "free"), Map.of(), Map.of(), null));
        assertThat(a.value()).isEqualTo("a");
        assertThat(a.payload()).isEqualTo("{\"x\":1}");
        assertThat(a.conditionIndex()).isEqualTo(1);

        LocalResult.Decided on = (LocalResult.Decided) e.evaluate("bool", FlagContext.of("u"));
        assertThat(on.value()).isEqualTo(true);
        assertThat(on.enabled()).isTrue();
        assertThat(on.payload()).isEqualTo("\"on\"");
    }

    @Test
    void falseHasNoPayloadAndSaysWhy() {
        LocalEvaluator e = evaluator("{'flags':[{'id':1,'key':'off','active':false,'filters':{'groups':[],"
                + "'payloads':{'true':'1'}}},{'id':2,'key':'none','active':true,'filters':{'groups':["
                + "{'rollout_percentage':0}],'payloads':{'true':'1'}}}]}");
        LocalResult.Decided off = (LocalResult.Decided) e.evaluate("off", FlagContext.of("u"));
        assertThat(off.value()).isEqualTo(false);
        assertThat(off.enabled()).isFalse();
        assertThat(off.payload()).isNull();
        assertThat(off.reason()).isEqualTo("disabled");
        LocalResult.Decided none = (LocalResult.Decided) e.evaluate("none", FlagContext.of("u"));
        assertThat(none.value()).isEqualTo(false);
        assertThat(none.reason()).isEqualTo("no_condition_match");
        assertThat(e.evaluate("missing", FlagContext.of("u")))
                .isEqualTo(new LocalResult.Inconclusive("missing", LocalResult.Cause.FLAG_NOT_FOUND));
    }

    @Test
    void evaluateAllSeparatesInconclusiveKeysAndCauses() {
        LocalEvaluator e = evaluator("{'flags':["
                + "{'key':'on','active':true,'filters':{'groups':[{'rollout_percentage':100}]}},"
                + "{'key':'needs-email','active':true,'filters':{'groups':[{'properties':[{'key':'email',"
                + "'value':'x','type':'person'}]}]}},"
                + "{'key':'static','active':true,'filters':{'groups':[{'properties':[{'key':'id','value':5,"
                + "'type':'cohort'}]}]}},"
                + "{'key':'child','active':true,'filters':{'groups':[{'properties':[{'key':'on','type':'flag',"
                + "'operator':'flag_evaluates_to','value':true,'dependency_chain':['on']}]}]}}]}");
        LocalEvaluations all = e.evaluateAll(FlagContext.of("u"));
        assertThat(all.loaded()).isTrue();
        assertThat(all.values().keySet()).containsExactly("on", "child");
        assertThat(all.inconclusiveKeys()).containsExactly("needs-email", "static");
        assertThat(e.evaluate("static", FlagContext.of("u")))
                .isEqualTo(new LocalResult.Inconclusive("static", LocalResult.Cause.REQUIRES_SERVER));
        assertThat(e.evaluate("needs-email", FlagContext.of("u")))
                .isEqualTo(new LocalResult.Inconclusive("needs-email", LocalResult.Cause.INCONCLUSIVE_MATCH));
    }

    @ParameterizedTest(name = "{0} {1} vs {2} -> {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "not_icontains | 'ALUE'       | 'some value'   | false",
        "not_icontains | 'xyz'        | 'some value'   | true",
        "not_regex     | '^some'      | 'some value'   | false",
        "not_regex     | '^other'     | 'some value'   | true",
        "not_regex     | '?*'         | 'some value'   | false",
        "regex         | '(?P<w>so)me' | 'some value'  | true",
        "is_not_set    | 'is_not_set' | 'x'            | false",
        "is_not_set    | 'is_not_set' | null           | true",
        "exact         | 'STRASSE'    | 'straße'       | true",
        "exact         | true         | 'true'         | true",
        "exact         | 1.0          | '1.0'          | true",
        "icontains     | 'ſ'          | 'S'            | true",
        "gte           | 2            | 2.0            | true",
        "lt            | '1e3'        | 999            | true",
        "semver_lt     | '2.0.0'      | '1.999.0-rc'   | true",
        "semver_wildcard | '*'        | '1.0.0'        | inconclusive",
        "semver_tilde  | '1.2'        | '1.2.9'        | true",
        "is_date_after | '2022-04-30T23:59:59Z' | '2022-05-01T00:00:00.5+00:00' | true",
        "is_date_before | '-1d'      | '2022-04-29T23:00:00+0000' | true",
        "is_date_before | '10000d'   | '2022-04-29'   | inconclusive",
        "is_date_before | '1x'       | '2022-04-29'   | inconclusive",
        "is_relative_date_before | '1d' | '2022-04-29' | inconclusive",
    })
    void operatorsWithoutASharedVector(String operator, String valueJson, String personJson, String expected) {
        Object person = "null".equals(personJson) ? null
                : SharedTestData.JSON.readValue(personJson.replace('\'', '"'), Object.class);
        Object want = switch (expected) {
            case "true" -> true;
            case "false" -> false;
            default -> expected;
        };
        assertThat(value(propertyFlag(operator, valueJson), k(person))).isEqualTo(want);
    }

    @Test
    void javaTemporalPersonValuesCompareAsDates() {
        LocalEvaluator before = propertyFlag("is_date_before", "'2022-05-01'");
        assertThat(value(before, k(Instant.parse("2022-04-30T23:59:59Z")))).isEqualTo(true);
        assertThat(value(before, k(LocalDate.parse("2022-05-01")))).isEqualTo(false);
        assertThat(value(before, k(LocalDate.parse("2022-04-30")))).isEqualTo(true);
    }

    @Test
    void enrichmentAddsButNeverOverridesOrMutates() {
        Map<String, Object> person = new HashMap<>();
        person.put("distinct_id", null);
        Map<String, Map<String, Object>> groupProps = Map.of("company", Map.of("$group_key", "mine", "n", 1));
        FlagContext ctx = new FlagContext("u", person, Map.of("company", "acme", "project", "p1"), groupProps, null);
        FlagContext enriched = ctx.withSdkEnrichment();
        assertThat(new HashMap<String, Object>(enriched.personProperties())).containsEntry("distinct_id", null);
        assertThat(new HashMap<String, Object>(enriched.groupProperties().get("company")))
                .containsEntry("$group_key", "mine").containsEntry("n", 1);
        assertThat(new HashMap<String, Object>(enriched.groupProperties().get("project")))
                .isEqualTo(Map.of("$group_key", "p1"));
        assertThat(person).hasSize(1);
        assertThat(new HashMap<String, Object>(FlagContext.of("u").withSdkEnrichment().personProperties()))
                .isEqualTo(Map.of("distinct_id", "u"));
    }

    @Test
    void dependencyCyclesWithChainsAreInconclusiveNotAStackOverflow() {
        LocalEvaluator e = evaluator("{'flags':["
                + "{'key':'a','active':true,'filters':{'groups':[{'properties':[{'key':'b','type':'flag',"
                + "'operator':'flag_evaluates_to','value':true,'dependency_chain':['b']}]}]}},"
                + "{'key':'b','active':true,'filters':{'groups':[{'properties':[{'key':'a','type':'flag',"
                + "'operator':'flag_evaluates_to','value':true,'dependency_chain':['a']}]}]}}]}");
        assertThat(e.evaluate("a", FlagContext.of("u"))).isInstanceOf(LocalResult.Inconclusive.class);
    }

    @Test
    void parsingRejectsWhatIsNotADefinitionsDocumentAndToleratesOddEntries() {
        assertThatThrownBy(() -> FlagDefinitions.parse("nope".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FlagDefinitions.parse("{\"x\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        FlagDefinitions d = FlagDefinitions.parse(("{'flags':[1,{'nokey':true},{'key':'ok','active':true,"
                + "'filters':null}],'group_type_mapping':null,'cohorts':{'1':null}}").replace('\'', '"')
                .getBytes(StandardCharsets.UTF_8));
        assertThat(d.flags()).containsOnlyKeys("ok");
        assertThat(((LocalResult.Decided) new LocalEvaluator(d, CLOCK).evaluate("ok", FlagContext.of("u"))).value())
                .isEqualTo(false);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"1.0|1.0", "1e16|1e+16", "1.5e-05|1.5e-05", "0.0001|0.0001",
        "123456789.5|123456789.5"})
    void pythonFloatStrings(double d, String python) {
        assertThat(PyValues.str(d)).isEqualTo(python);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"' 42 '|42.0", "1_000|1000.0", "-.5|-0.5", "1e3|1000.0", "inf|Infinity",
        "1d|", "0x10|", "_1|", "''|", ".|", "1__0|"})
    void pythonFloatParsing(String text, Double expected) {
        assertThat(PyValues.toFloat(text)).isEqualTo(expected);
    }
}
