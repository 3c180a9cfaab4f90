package io.github.posthogcommunity.posthog.openfeature;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.MutableContext;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.ProviderEvaluation;
import dev.openfeature.sdk.Reason;
import dev.openfeature.sdk.Value;
import io.github.posthogcommunity.posthog.Compression;
import io.github.posthogcommunity.posthog.PostHogClient;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The provider against a real local PostHog-like server. */
class PostHogProviderTest {

    static final String FLAGS = """
            {"flags": {
               "beta": {"key": "beta", "enabled": true, "metadata": {"id": 1, "version": 1}},
               "off": {"key": "off", "enabled": false, "metadata": {"id": 2, "version": 1}},
               "checkout": {"key": "checkout", "enabled": true, "variant": "test",
                            "metadata": {"id": 3, "version": 1, "payload": "{\\"color\\":\\"blue\\",\\"sizes\\":[1,2]}"}},
               "limit": {"key": "limit", "enabled": true, "metadata": {"id": 4, "version": 1, "payload": "42"}},
               "ratio": {"key": "ratio", "enabled": true, "metadata": {"id": 5, "version": 1, "payload": "0.25"}},
               "broken": {"key": "broken", "enabled": true, "metadata": {"id": 6, "version": 1, "payload": "{oops"}}
             }, "requestId": "req-of"}
            """;

    static final ObjectMapper JSON = new ObjectMapper();

    @StartStop
    final MockWebServer server = new MockWebServer();
    final List<JsonNode> flagBodies = new CopyOnWriteArrayList<>();
    final List<JsonNode> events = new CopyOnWriteArrayList<>();
    volatile int flagsStatus = 200;

    PostHogClient client;
    PostHogProvider provider;

    @BeforeEach
    void setUp() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                JsonNode body = JSON.readTree(request.getBody().utf8());
                if (request.getUrl().encodedPath().equals("/batch/")) {
                    body.get("batch").forEach(events::add);
                    return new MockResponse.Builder().code(200).body("{}").build();
                }
                flagBodies.add(body);
                // Answer only the flags that were asked for, as the server does.
                String asked = body.get("flag_keys_to_evaluate").get(0).asString();
                JsonNode all = JSON.readTree(FLAGS);
                JsonNode flags = all.get("flags");
                ((tools.jackson.databind.node.ObjectNode) flags).retain(asked);
                return new MockResponse.Builder().code(flagsStatus).body(all.toString()).build();
            }
        });
        client = PostHogClient.builder("phc_provider_test").host(server.url("/").toString())
                .compression(Compression.NONE).flushAt(1000).flushInterval(Duration.ofHours(1))
                .featureFlagsMaxRetries(0).build();
        provider = new PostHogProvider(client);
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    private static EvaluationContext user(String id) {
        return new ImmutableContext(id, Map.of("plan", new Value("pro"), "seats", new Value(12)));
    }

    @Test
    void booleanFlagsResolveWithTargetingMatch() {
        ProviderEvaluation<Boolean> on = provider.getBooleanEvaluation("beta", false, user("u1"));
        assertThat(on.getValue()).isTrue();
        assertThat(on.getReason()).isEqualTo(Reason.TARGETING_MATCH.toString());
        assertThat(on.getErrorCode()).isNull();
        assertThat(on.getVariant()).isNull();

        ProviderEvaluation<Boolean> off = provider.getBooleanEvaluation("off", true, user("u1"));
        assertThat(off.getValue()).isFalse();
        assertThat(off.getReason()).isEqualTo(Reason.TARGETING_MATCH.toString());
        assertThat(off.getFlagMetadata().getBoolean("enabled")).isFalse();

        ProviderEvaluation<Boolean> variant = provider.getBooleanEvaluation("checkout", false, user("u1"));
        assertThat(variant.getValue()).isTrue();
        assertThat(variant.getVariant()).isEqualTo("test");
    }

    @Test
    void theTargetingKeyIsTheDistinctIdAndAttributesArePersonProperties() {
        provider.getBooleanEvaluation("beta", false, user("u1"));
        JsonNode body = flagBodies.get(0);
        assertThat(body.get("distinct_id").asString()).isEqualTo("u1");
        assertThat(body.get("person_properties").get("plan").asString()).isEqualTo("pro");
        assertThat(body.get("person_properties").get("seats").asInt()).isEqualTo(12);
        assertThat(body.get("person_properties").has("targetingKey")).isFalse();
        assertThat(body.get("flag_keys_to_evaluate").toString()).isEqualTo("[\"beta\"]");
    }

    @Test
    void stringsAreVariantsAndBooleanFlagsAreATypeMismatch() {
        ProviderEvaluation<String> variant = provider.getStringEvaluation("checkout", "none", user("u1"));
        assertThat(variant.getValue()).isEqualTo("test");
        assertThat(variant.getVariant()).isEqualTo("test");
        assertThat(variant.getReason()).isEqualTo(Reason.TARGETING_MATCH.toString());

        ProviderEvaluation<String> mismatch = provider.getStringEvaluation("beta", "none", user("u1"));
        assertThat(mismatch.getValue()).isEqualTo("none");
        assertThat(mismatch.getErrorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH);
        assertThat(mismatch.getReason()).isEqualTo(Reason.ERROR.toString());
    }

    @Test
    void objectsAndNumbersComeFromThePayload() {
        ProviderEvaluation<Value> object = provider.getObjectEvaluation("checkout", new Value(), user("u1"));
        assertThat(object.getValue().asStructure().getValue("color").asString()).isEqualTo("blue");
        assertThat(object.getValue().asStructure().getValue("sizes").asList())
                .extracting(Value::asInteger).containsExactly(1, 2);
        assertThat(object.getVariant()).isEqualTo("test");

        assertThat(provider.getIntegerEvaluation("limit", 0, user("u1")).getValue()).isEqualTo(42);
        assertThat(provider.getLongEvaluation("limit", 0L, user("u1")).getValue()).isEqualTo(42L);
        assertThat(provider.getDoubleEvaluation("ratio", 0.0, user("u1")).getValue()).isEqualTo(0.25);
        assertThat(provider.getDoubleEvaluation("limit", 0.0, user("u1")).getValue()).isEqualTo(42.0);

        ProviderEvaluation<Integer> notAnInt = provider.getIntegerEvaluation("ratio", 7, user("u1"));
        assertThat(notAnInt.getValue()).isEqualTo(7);
        assertThat(notAnInt.getErrorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH);

        ProviderEvaluation<Value> broken = provider.getObjectEvaluation("broken", new Value("d"), user("u1"));
        assertThat(broken.getValue().asString()).isEqualTo("d");
        assertThat(broken.getErrorCode()).isEqualTo(ErrorCode.PARSE_ERROR);

        ProviderEvaluation<Value> noPayload = provider.getObjectEvaluation("beta", new Value("d"), user("u1"));
        assertThat(noPayload.getValue().asString()).isEqualTo("d");
        assertThat(noPayload.getReason()).isEqualTo(Reason.DEFAULT.toString());
        assertThat(noPayload.getErrorCode()).isNull();
    }

    @Test
    void anUnknownFlagIsFlagNotFound() {
        ProviderEvaluation<Boolean> missing = provider.getBooleanEvaluation("nope", true, user("u1"));
        assertThat(missing.getValue()).isTrue();
        assertThat(missing.getErrorCode()).isEqualTo(ErrorCode.FLAG_NOT_FOUND);
        assertThat(missing.getReason()).isEqualTo(Reason.ERROR.toString());
    }

    @Test
    void aMissingTargetingKeyMakesNoRequest() {
        for (EvaluationContext ctx : new EvaluationContext[] {null, new ImmutableContext(), new MutableContext(" ")}) {
            ProviderEvaluation<Boolean> result = provider.getBooleanEvaluation("beta", true, ctx);
            assertThat(result.getValue()).isTrue();
            assertThat(result.getErrorCode()).isEqualTo(ErrorCode.TARGETING_KEY_MISSING);
        }
        assertThat(flagBodies).isEmpty();
    }

    @Test
    void aServerFailureIsGeneral() {
        flagsStatus = 500;
        ProviderEvaluation<String> result = provider.getStringEvaluation("checkout", "fallback", user("u1"));
        assertThat(result.getValue()).isEqualTo("fallback");
        assertThat(result.getErrorCode()).isEqualTo(ErrorCode.GENERAL);
        assertThat(result.getReason()).isEqualTo(Reason.ERROR.toString());
        assertThat(client.flagStats().failures()).isEqualTo(1);
    }

    @Test
    void evaluationsRecordFlagCalledEvents() {
        provider.getBooleanEvaluation("beta", false, user("u1"));
        provider.getBooleanEvaluation("beta", false, user("u1"));
        client.flush();
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("event").asString()).isEqualTo("$feature_flag_called");
        assertThat(events.get(0).get("properties").get("$feature_flag").asString()).isEqualTo("beta");
    }

    @Test
    void worksThroughTheOpenFeatureApi() {
        OpenFeatureAPI api = OpenFeatureAPI.getInstance();
        api.setProviderAndWait("posthog-provider-test", provider);
        Client features = api.getClient("posthog-provider-test");

        FlagEvaluationDetails<Boolean> on = features.getBooleanDetails("beta", false, user("u1"));
        assertThat(on.getValue()).isTrue();
        assertThat(on.getReason()).isEqualTo(Reason.TARGETING_MATCH.toString());

        FlagEvaluationDetails<String> variant = features.getStringDetails("checkout", "none", user("u1"));
        assertThat(variant.getValue()).isEqualTo("test");
        assertThat(variant.getVariant()).isEqualTo("test");

        FlagEvaluationDetails<Boolean> missing = features.getBooleanDetails("nope", false, user("u1"));
        assertThat(missing.getValue()).isFalse();
        assertThat(missing.getErrorCode()).isEqualTo(ErrorCode.FLAG_NOT_FOUND);
        assertThat(missing.getReason()).isEqualTo(Reason.ERROR.toString());

        FlagEvaluationDetails<Boolean> noKey = features.getBooleanDetails("beta", false, new ImmutableContext());
        assertThat(noKey.getErrorCode()).isEqualTo(ErrorCode.TARGETING_KEY_MISSING);
        assertThat(provider.getMetadata().getName()).isEqualTo("PostHog");
    }
}
