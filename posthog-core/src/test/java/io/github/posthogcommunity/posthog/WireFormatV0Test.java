package io.github.posthogcommunity.posthog;

import io.github.posthogcommunity.posthog.support.CaptureServer;
import io.github.posthogcommunity.posthog.support.ClientRig;
import io.github.posthogcommunity.posthog.support.CaptureServer.Received;
import io.github.posthogcommunity.posthog.support.ManualClock;
import io.github.posthogcommunity.posthog.support.TestClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class WireFormatV0Test {

    @RegisterExtension
    final ClientRig rig = new ClientRig();
    private final CaptureServer server = rig.server;
    private final ManualClock clock = rig.clock;
    private PostHogClient client;


    private Received sendOne(PostHogClientBuilder builder, java.util.function.Consumer<PostHogClient> action)
            throws InterruptedException {
        client = rig.start(builder.clock(clock));
        action.accept(client);
        assertThat(client.flush().completed()).isTrue();
        return server.take(Duration.ofSeconds(5));
    }

    @Test
    void batchBodyAndEventFieldByField() throws Exception {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("plan", "pro");
        props.put("amount", 42);
        props.put("ratio", 0.5);
        props.put("tags", List.of("a", "b"));
        props.put("nested", Map.of("k", true));
        UUID[] uuid = new UUID[1];
        Received request = sendOne(TestClients.builder(server), c -> uuid[0] = c.capture("user-1", "order placed", props));

        assertThat(request.raw().getMethod()).isEqualTo("POST");
        assertThat(request.raw().getUrl().encodedPath()).isEqualTo("/batch/");
        JsonNode body = request.json();
        assertThat(body.propertyNames()).containsExactly("api_key", "batch", "sent_at");
        assertThat(body.get("api_key").asString()).isEqualTo(TestClients.API_KEY);
        assertThat(body.get("sent_at").asString()).isEqualTo("2026-11-22T10:15:30.123Z");
        assertThat(body.get("batch")).hasSize(1);

        JsonNode event = body.get("batch").get(0);
        assertThat(event.propertyNames()).containsExactly("event", "distinct_id", "uuid", "timestamp", "properties");
        assertThat(event.get("event").asString()).isEqualTo("order placed");
        assertThat(event.get("distinct_id").asString()).isEqualTo("user-1");
        assertThat(event.get("uuid").asString()).isEqualTo(uuid[0].toString());
        assertThat(uuid[0].version()).isEqualTo(7);
        assertThat(event.get("timestamp").asString()).isEqualTo("2026-11-22T10:15:30.123Z"); // SDK-stamped: millis
        JsonNode properties = event.get("properties");
        assertThat(properties.propertyNames())
                .containsExactly("plan", "amount", "ratio", "tags", "nested", "$is_server", "$lib", "$lib_version");
        assertThat(properties.get("$is_server").asBoolean()).isTrue();
        assertThat(properties.get("plan").asString()).isEqualTo("pro");
        assertThat(properties.get("amount").asInt()).isEqualTo(42);
        assertThat(properties.get("ratio").asDouble()).isEqualTo(0.5);
        assertThat(properties.get("tags").get(1).asString()).isEqualTo("b");
        assertThat(properties.get("nested").get("k").asBoolean()).isTrue();
        assertThat(properties.get("$lib").asString()).isEqualTo("posthog-java-community");
        assertThat(properties.get("$lib_version").asString()).matches("\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void headersWithoutCompression() throws Exception {
        Received request = sendOne(TestClients.builder(server).header("X-Proxy-Token", "t1"),
                c -> c.capture("u", "e"));
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("Content-Encoding")).isNull();
        assertThat(request.header("User-Agent")).startsWith("posthog-java-community/");
        assertThat(request.header("X-Proxy-Token")).isEqualTo("t1");
        assertThat(request.header("Authorization")).isNull();
    }

    @Test
    void gzipBodyDecompressesToTheSameJson() throws Exception {
        Received request = sendOne(TestClients.builder(server).compression(Compression.GZIP),
                c -> c.capture("u", "e", Map.of("x", 1)));
        assertThat(request.header("Content-Encoding")).isEqualTo("gzip");
        byte[] raw = request.raw().getBody().toByteArray();
        assertThat(raw[0] & 0xff).isEqualTo(0x1f);
        assertThat(raw[1] & 0xff).isEqualTo(0x8b);
        assertThat(request.json().get("batch").get(0).get("properties").get("x").asInt()).isEqualTo(1);
    }

    @Test
    void zstdBodyIsAZstandardFrameOfTheSameJson() throws Exception {
        Received request = sendOne(TestClients.builder(server).compression(Compression.ZSTD),
                c -> c.capture("u", "e", Map.of("x", 1)));
        assertThat(request.header("Content-Encoding")).isEqualTo("zstd");
        byte[] raw = request.raw().getBody().toByteArray();
        assertThat(new byte[] {raw[0], raw[1], raw[2], raw[3]}) // RFC 8878 frame magic, little-endian 0xFD2FB528
                .containsExactly((byte) 0x28, (byte) 0xb5, (byte) 0x2f, (byte) 0xfd);
        assertThat(request.json().get("batch").get(0).get("properties").get("x").asInt()).isEqualTo(1);
    }

    @Test
    void callerUuidAndTimestampWithOffsetAreSentAsTheSameInstantInUtc() throws Exception {
        UUID uuid = UUID.fromString("0191e1b0-0000-7000-8000-000000000001");
        OffsetDateTime at = OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(2));
        Received request = sendOne(TestClients.builder(server), c -> c.capture("u", "e", null,
                CaptureOptions.builder().uuid(uuid).timestamp(at).build()));
        JsonNode event = request.events().get(0);
        assertThat(event.get("uuid").asString()).isEqualTo(uuid.toString());
        assertThat(event.get("timestamp").asString()).isEqualTo("2026-01-02T01:04:05.000Z");
    }

    @Test
    void optionsBecomeMarkerPropertiesInTheFixedOrder() throws Exception {
        Received request = sendOne(TestClients.builder(server), c -> c.capture("u", "e", Map.of("a", 1),
                CaptureOptions.builder().group("company", "acme").set(Map.of("email", "x@y.z"))
                        .setOnce(Map.of("first", "yes")).processPersonProfile(false).disableGeoip(true).build()));
        JsonNode properties = request.events().get(0).get("properties");
        assertThat(properties.propertyNames()).containsExactly("a", "$set", "$set_once", "$geoip_disable", "$is_server",
                "$lib", "$lib_version", "$process_person_profile", "$groups");
        assertThat(properties.get("$groups").get("company").asString()).isEqualTo("acme");
        assertThat(properties.get("$set").get("email").asString()).isEqualTo("x@y.z");
        assertThat(properties.get("$process_person_profile").asBoolean()).isFalse();
        assertThat(properties.get("$geoip_disable").asBoolean()).isTrue();
    }

    @Test
    void isServerIsAPropertyOfEveryEventUnlessTheCallerSetsIt() throws Exception {
        Received request = sendOne(TestClients.builder(server), c -> {
            c.capture("u", "plain");
            c.capture("u", "caller", Map.of("$is_server", false));
            c.alias("u", "v");
            c.groupIdentify("company", "acme", Map.of("name", "Acme"));
        });
        List<JsonNode> events = request.events();
        assertThat(events).hasSize(4);
        assertThat(events.get(0).get("properties").get("$is_server").asBoolean()).isTrue();
        assertThat(events.get(0).has("$is_server")).isFalse();
        assertThat(events.get(1).get("properties").get("$is_server").asBoolean()).isFalse();
        assertThat(events.get(2).get("properties").get("$is_server").asBoolean()).isTrue();
        assertThat(events.get(3).get("properties").get("$is_server").asBoolean()).isTrue();
    }

    @Test
    void aBeforeSendHookSeesIsServerAndMayRemoveItAndAScopeTagSetsIt() throws Exception {
        List<Object> seen = new ArrayList<>();
        Received request = sendOne(TestClients.builder(server).beforeSend(e -> {
            seen.add(e.properties().get("$is_server"));
            return e.event().equals("stripped") ? e.withoutProperty("$is_server") : e;
        }), c -> {
            c.capture("u", "kept");
            c.capture("u", "stripped");
            try (PostHogScope scope = PostHogContext.scope().tag("$is_server", false).open()) {
                c.capture("u", "tagged");
            }
        });
        List<JsonNode> events = request.events();
        assertThat(seen).containsExactly(true, true, false);
        assertThat(events.get(0).get("properties").get("$is_server").asBoolean()).isTrue();
        assertThat(events.get(1).get("properties").has("$is_server")).isFalse();
        assertThat(events.get(2).get("properties").get("$is_server").asBoolean()).isFalse();
    }

    @Test
    void callerLibWinsAndClientGeoipOptionApplies() throws Exception {
        Received request = sendOne(TestClients.builder(server).disableGeoip(true),
                c -> c.capture("u", "e", Map.of("$lib", "custom")));
        JsonNode properties = request.events().get(0).get("properties");
        assertThat(properties.get("$lib").asString()).isEqualTo("custom");
        assertThat(properties.get("$geoip_disable").asBoolean()).isTrue();
    }

    @Test
    void identifyAliasAndGroupIdentify() throws Exception {
        client = rig.start(TestClients.builder(server).clock(clock));
        client.identify("user-1", Map.of("email", "a@b.c"), Map.of("signup", "2026"));
        client.alias("user-1", "user-1-new");
        client.groupIdentify("company", "acme", Map.of("plan", "enterprise"));
        client.groupIdentify("company", "empty", null, "admin");
        client.flush();
        List<JsonNode> events = server.events();
        assertThat(events).hasSize(4);

        JsonNode identify = events.get(0);
        assertThat(identify.get("event").asString()).isEqualTo("$identify");
        assertThat(identify.get("distinct_id").asString()).isEqualTo("user-1");
        assertThat(identify.get("properties").get("$set").get("email").asString()).isEqualTo("a@b.c");
        assertThat(identify.get("properties").get("$set_once").get("signup").asString()).isEqualTo("2026");

        JsonNode alias = events.get(1);
        assertThat(alias.get("event").asString()).isEqualTo("$create_alias");
        assertThat(alias.get("distinct_id").asString()).isEqualTo("user-1");
        assertThat(alias.get("properties").get("alias").asString()).isEqualTo("user-1-new");
        assertThat(alias.get("properties").get("distinct_id").asString()).isEqualTo("user-1");

        JsonNode group = events.get(2);
        assertThat(group.get("event").asString()).isEqualTo("$groupidentify");
        assertThat(group.get("distinct_id").asString()).isEqualTo("$company_acme");
        assertThat(group.get("properties").get("$group_type").asString()).isEqualTo("company");
        assertThat(group.get("properties").get("$group_key").asString()).isEqualTo("acme");
        assertThat(group.get("properties").get("$group_set").get("plan").asString()).isEqualTo("enterprise");

        JsonNode emptyGroup = events.get(3);
        assertThat(emptyGroup.get("distinct_id").asString()).isEqualTo("admin");
        assertThat(emptyGroup.get("properties").get("$group_set").size()).isZero();
    }

    @Test
    void historicalMigrationOnlyWhenEnabled() throws Exception {
        Received off = sendOne(TestClients.builder(server), c -> c.capture("u", "e"));
        assertThat(off.json().has("historical_migration")).isFalse();
        client.shutdown(Duration.ZERO);
        Received on = sendOne(TestClients.builder(server).historicalMigration(true), c -> c.capture("u", "e"));
        assertThat(on.json().get("historical_migration").asBoolean()).isTrue();
    }

    @Test
    void valuesAreSanitisedNotLost() throws Exception {
        Map<Object, Object> odd = new LinkedHashMap<>();
        odd.put(7, "int key");
        odd.put("nan", Double.NaN);
        odd.put("inf", Float.POSITIVE_INFINITY);
        odd.put("broken", "a\uD800b");
        odd.put("instant", Instant.parse("2026-01-01T00:00:00Z"));
        odd.put("optional", java.util.Optional.of("present"));
        odd.put("array", new int[] {1, 2});
        odd.put("thread", new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("boom");
            }
        });
        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<String, Object> props = (Map) odd;
        Received request = sendOne(TestClients.builder(server), c -> c.capture("u", "e", props));
        JsonNode p = request.events().get(0).get("properties");
        assertThat(p.get("7").asString()).isEqualTo("int key");
        assertThat(p.get("nan").isNull()).isTrue();
        assertThat(p.get("inf").isNull()).isTrue();
        assertThat(p.get("broken").asString()).isEqualTo("a\uFFFDb");
        assertThat(p.get("instant").asString()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(p.get("optional").asString()).isEqualTo("present");
        assertThat(p.get("array").get(1).asInt()).isEqualTo(2);
        assertThat(p.get("thread").asString()).startsWith("<unprintable");
    }

    @Test
    void theEventSentIsTheOneCapturedEvenIfTheCallerMutatesItsMapAfterwards() throws Exception {
        client = rig.start(TestClients.builder(server).clock(clock));
        Map<String, Object> props = new LinkedHashMap<>();
        List<String> list = new ArrayList<>(List.of("before"));
        props.put("value", "before");
        props.put("list", list);
        client.capture("u", "e", props);
        props.put("value", "after");
        props.put("extra", 1);
        list.add("after");
        client.flush();
        JsonNode p = server.events().get(0).get("properties");
        assertThat(p.get("value").asString()).isEqualTo("before");
        assertThat(p.has("extra")).isFalse();
        assertThat(p.get("list")).hasSize(1);
    }
}
