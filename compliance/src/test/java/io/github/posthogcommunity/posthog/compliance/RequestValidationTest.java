package io.github.posthogcommunity.posthog.compliance;

import io.github.posthogcommunity.posthog.CaptureProtocol;
import io.github.posthogcommunity.posthog.Compression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestValidationTest extends AdapterTestBase {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "/init             | not json",
            "/init             | []",
            "/init             | ''",
            "/init             | {\"host\": \"http://127.0.0.1:1\"}",
            "/init             | {\"api_key\": \"k\"}",
            "/init             | {\"api_key\": 5, \"host\": \"http://127.0.0.1:1\"}",
            "/init             | {\"api_key\": \"k\", \"host\": \"not a url\"}",
            "/init             | {\"api_key\": \"k\", \"host\": \"http://127.0.0.1:1\", \"flush_at\": \"10\"}",
            "/init             | {\"api_key\": \"k\", \"host\": \"http://127.0.0.1:1\", \"flush_at\": 0}",
            "/init             | {\"api_key\": \"k\", \"host\": \"http://127.0.0.1:1\", \"flush_at\": 1.5}",
            "/init             | {\"api_key\": \"k\", \"host\": \"http://127.0.0.1:1\", \"max_retries\": -1}",
            "/init             | {\"api_key\": \"k\", \"host\": \"http://127.0.0.1:1\", \"flush_interval_ms\": -5}",
            "/init             | {\"api_key\": \"k\", \"host\": \"http://127.0.0.1:1\", \"enable_compression\": \"yes\"}",
            "/init             | {\"api_key\": \" \", \"host\": \"http://127.0.0.1:1\"}",
            "/init             | {\"api_key\": \"k\", \"host\": \"http://127.0.0.1:1\"} trailing",
            "/capture          | {\"event\": \"e\"}",
            "/capture          | {\"distinct_id\": \"u\"}",
            "/capture          | {\"distinct_id\": \"u\", \"event\": 3}",
            "/capture          | {\"distinct_id\": \"u\", \"event\": \"e\", \"properties\": [1]}",
            "/capture          | {\"distinct_id\": \"u\", \"event\": \"e\", \"timestamp\": \"yesterday\"}",
            "/capture          | {\"distinct_id\": \"u\", \"event\": \"e\", \"timestamp\": \"2024-01-01T00:00:00\"}",
            "/capture          | {\"distinct_id\": \"u\", \"event\": \"e\", \"options\": {\"cookieless_mode\": 1}}",
            "/capture          | {\"distinct_id\": \"u\", \"event\": \"e\", \"options\": true}",
            "/capture_ai       | {\"distinct_id\": \"u\", \"event\": \"$ai_generation\", \"uuid\": \"nope\"}",
            "/get_feature_flag | {\"distinct_id\": \"u\"}",
            "/get_feature_flag | {\"key\": \"k\", \"distinct_id\": \"u\", \"groups\": \"acme\"}",
    })
    void malformedBodiesGet400(String path, String body) {
        start(Mode.defaults());
        client.init("t-valid", config());

        AdapterClient.Answer answer = client.post(path, "t-valid", body);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.json().get("success").asBoolean()).isFalse();
        assertThat(answer.json().get("error").asString()).isNotBlank();
        assertThat(mock.requests()).isEmpty();
    }

    @Test
    void aRejectedInitLeavesTheCurrentClientInPlace() {
        start(Mode.defaults());
        client.init("t-keep", config());

        assertThat(client.post("/init", "t-keep", Map.of("api_key", "k")).status()).isEqualTo(400);

        String uuid = client.capture("t-keep", event("u", "e"));
        client.post("/flush", "t-keep", null);
        assertThat(mock.requests()).singleElement().satisfies(r -> assertThat(r.uuids()).containsExactly(uuid));
    }

    @Test
    void unknownFieldsAreIgnoredAndExplicitNullsMeanDefault() {
        start(Mode.defaults());
        Map<String, Object> init = new LinkedHashMap<>(config());
        for (String field : List.of("flush_at", "flush_interval_ms", "max_retries", "enable_compression",
                "disable_geoip", "historical_migration")) {
            init.put(field, null);
        }
        init.put("some_future_option", Map.of("x", 1));
        assertThat(client.post("/init", "t-nulls", init).status()).isEqualTo(200);

        Map<String, Object> capture = new LinkedHashMap<>(event("u", "e"));
        capture.put("properties", null);
        capture.put("timestamp", null);
        capture.put("options", null);
        capture.put("unknown", "ignored");
        String uuid = client.capture("t-nulls", capture);
        client.post("/flush", "t-nulls", null);

        assertThat(mock.requests()).singleElement().satisfies(r -> {
            assertThat(r.uuids()).containsExactly(uuid);
            assertThat(r.header("Content-Encoding")).isEqualTo("gzip"); // the SDK default
            assertThat(r.json().has("historical_migration")).isFalse();
            assertThat(r.events().get(0).get("properties").has("$geoip_disable")).isFalse();
        });
    }

    @Test
    void routesBeforeInitAndUnknownRoutes() {
        start(Mode.defaults());

        assertThat(client.post("/capture", "t-none", event("u", "e")).status()).isEqualTo(400);
        assertThat(client.post("/flush", "t-none", null).json().get("events_flushed").asInt()).isZero();
        assertThat(client.state("t-none").get("requests_made")).isEmpty();
        assertThat(client.post("/reset", "t-none", null).status()).isEqualTo(200);
        assertThat(client.get("/nope", null).status()).isEqualTo(404);
        assertThat(client.get("/capture", "t-none").status()).isEqualTo(405);
        assertThat(client.post("/init", "bad\u0001id", config()).status()).isEqualTo(400);
        assertThat(client.raw("/state?test_id=%E0%A4").status()).isEqualTo(400);
    }

    @Test
    void healthDeclaresWhatEachRunImplements() {
        start(Mode.defaults());
        AdapterClient.Answer v0 = client.get("/health", null);

        assertThat(v0.status()).isEqualTo(200);
        assertThat(v0.json().get("sdk_name").asString()).isEqualTo("posthog-java-community");
        assertThat(v0.json().get("sdk_version").asString()).isNotBlank().isNotEqualTo("unknown");
        assertThat(v0.json().get("adapter_version").asString()).isNotBlank().isNotEqualTo("unknown");
        assertThat(v0.json().get("supports_parallel").asBoolean()).isTrue();
        assertThat(v0.json().get("capabilities").valueStream().map(n -> n.asString()).toList())
                .containsExactly("capture_v0", "capture_ai_v0", "encoding_gzip");

        assertThat(new Mode(CaptureProtocol.V1, Compression.GZIP).capabilities())
                .containsExactly("capture_v1", "capture_ai_v0", "encoding_gzip");
        assertThat(new Mode(CaptureProtocol.V0, Compression.DEFLATE).capabilities())
                .containsExactly("capture_v0", "capture_ai_v0", "encoding_deflate");
        assertThat(new Mode(CaptureProtocol.V1, Compression.ZSTD).capabilities())
                .containsExactly("capture_v1", "capture_ai_v0", "encoding_zstd");
    }

    @Test
    void theModeComesFromTheEnvironment() {
        assertThat(Mode.fromEnvironment(Map.of())).isEqualTo(Mode.defaults());
        assertThat(Mode.fromEnvironment(Map.of("POSTHOG_CAPTURE_PROTOCOL", "V1")).protocol())
                .isEqualTo(CaptureProtocol.V1);
        assertThat(Mode.fromEnvironment(Map.of("POSTHOG_COMPRESSION", "deflate")).compression())
                .isEqualTo(Compression.DEFLATE);
        assertThat(Mode.fromEnvironment(Map.of("POSTHOG_COMPRESSION", "zstd")).compression())
                .isEqualTo(Compression.ZSTD);
        assertThatThrownBy(() -> Mode.fromEnvironment(Map.of("POSTHOG_CAPTURE_PROTOCOL", "v2")))
                .hasMessageContaining("v0 or v1");
    }
}
