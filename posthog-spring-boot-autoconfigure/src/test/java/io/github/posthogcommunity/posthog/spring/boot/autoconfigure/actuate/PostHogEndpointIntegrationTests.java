package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.actuate;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogTestServer;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.WebTestApplication;
import io.micrometer.core.instrument.MeterRegistry;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static io.github.posthogcommunity.posthog.spring.boot.autoconfigure.WebTestApplication.exchange;
import static io.github.posthogcommunity.posthog.spring.boot.autoconfigure.WebTestApplication.request;
import static org.assertj.core.api.Assertions.assertThat;

/** The endpoint over HTTP in a real application: flush by POST, and no secret in any actuator output. */
class PostHogEndpointIntegrationTests {

    private static final String API_KEY = "phc_EndpointProjectSecret0123456789";
    private static final String PERSONAL_KEY = "phx_EndpointPersonalSecret0123456789";
    private static final String HEADER_SECRET = "endpoint-proxy-token-secret";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    final PostHogTestServer posthog = new PostHogTestServer();

    private ConfigurableApplicationContext start(String... extra) {
        String[] base = {"posthog.api-key=" + API_KEY, "posthog.personal-api-key=" + PERSONAL_KEY,
                "posthog.headers[X-Proxy-Token]=" + HEADER_SECRET, "posthog.host=" + posthog.host(),
                "posthog.compression=none", "posthog.flush-at=1000", "posthog.flush-interval=1h",
                "management.endpoints.web.exposure.include=posthog,env,configprops",
                "management.endpoint.env.show-values=always", "management.endpoint.configprops.show-values=always"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return WebTestApplication.start(all);
    }

    @Test
    void postFlushesPendingEventsAndGetShowsStatsWithoutSecrets() throws Exception {
        posthog.definitions("""
                {"flags": [{"id": 1, "key": "beta", "active": true, "filters": {"groups": []}},
                           {"id": 2, "key": "gamma", "active": true, "filters": {"groups": []}}],
                 "group_type_mapping": {}, "cohorts": {}}""");
        try (ConfigurableApplicationContext context = start("posthog.feature-flags.wait-for-first-load=10s")) {
            PostHogClient client = context.getBean(PostHogClient.class);
            client.capture("user-1", "first");
            client.capture("user-2", "second");
            assertThat(posthog.bodies()).isEmpty();

            HttpResponse<String> flush = exchange(request(context, "/actuator/posthog")
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(flush.statusCode()).isEqualTo(200);
            JsonNode flushed = JSON.readTree(flush.body()).path("clients").path("postHogClient");
            assertThat(flushed.path("completed").asBoolean()).isTrue();
            assertThat(flushed.path("events").asLong()).isEqualTo(2);
            assertThat(flushed.path("sent").asLong()).isEqualTo(2);
            assertThat(posthog.eventNames()).containsExactly("first", "second");

            HttpResponse<String> read = exchange(request(context, "/actuator/posthog"));
            assertThat(read.statusCode()).isEqualTo(200);
            JsonNode root = JSON.readTree(read.body());
            JsonNode status = root.path("clients").path("postHogClient");
            assertThat(status.path("enabled").asBoolean()).isTrue();
            assertThat(status.path("stats").path("captured").asLong()).isEqualTo(2);
            assertThat(status.path("stats").path("sent").asLong()).isEqualTo(2);
            assertThat(status.path("stats").path("dropped").path("queue_full").asLong()).isZero();
            assertThat(root.path("config").path("apiKey").asString()).isEqualTo("phc_****");
            assertThat(root.path("config").path("personalApiKey").asString()).isEqualTo("phx_****");
            assertThat(root.path("config").path("headerNames").get(0).asString()).isEqualTo("X-Proxy-Token");
            assertThat(root.path("config").path("host").asString()).isEqualTo(posthog.host());
            JsonNode flags = status.path("featureFlags");
            assertThat(flags.path("localEvaluation").asBoolean()).isTrue();
            assertThat(flags.path("definitionsCount").asInt()).isEqualTo(2);
            assertThat(java.time.Instant.parse(flags.path("lastSuccessfulLoad").asString()))
                    .isBeforeOrEqualTo(java.time.Instant.now());
            assertThat(flags.path("requests").asLong()).isZero();
            assertThat(flags.path("definitionsCache").path("enabled").asBoolean()).isFalse();
            assertThat(flags.path("definitionsCache").path("leaseHeld").asBoolean()).isFalse();
            assertThat(flags.path("resultCacheHits").asLong()).isZero();
            assertNoSecret(read.body());

            HttpResponse<String> one = exchange(request(context, "/actuator/posthog/postHogClient"));
            assertThat(one.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(one.body()).path("stats").path("sent").asLong()).isEqualTo(2);
            assertThat(exchange(request(context, "/actuator/posthog/noSuchClient")).statusCode()).isEqualTo(404);

            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("posthog.events.sent").functionCounter().count()).isEqualTo(2);
        }
    }

    @Test
    void theEndpointKeepsItsShapeWhateverTheApplicationsJacksonNamingStrategy() throws Exception {
        try (ConfigurableApplicationContext context = start(
                "spring.jackson.property-naming-strategy=SNAKE_CASE")) {
            context.getBean(PostHogClient.class).capture("user-1", "first");
            JsonNode flushed = JSON.readTree(exchange(request(context, "/actuator/posthog")
                    .POST(HttpRequest.BodyPublishers.noBody())).body()).path("clients").path("postHogClient");
            assertThat(flushed.has("completed")).isTrue();

            HttpResponse<String> read = exchange(request(context, "/actuator/posthog"));
            JsonNode root = JSON.readTree(read.body());
            JsonNode stats = root.path("clients").path("postHogClient").path("stats");
            assertThat(stats.has("droppedTotal")).as(read.body()).isTrue();
            assertThat(stats.has("dropped_total")).isFalse();
            assertThat(stats.path("captured").asLong()).isEqualTo(1);
            assertThat(root.path("clients").path("postHogClient").has("featureFlags")).isTrue();
            assertThat(root.path("config").has("flushAt")).isTrue();
            assertThat(root.path("config").has("apiKey")).isTrue();
        }
    }

    @Test
    void noSecretInTheEnvAndConfigpropsEndpointsEvenWhenTheyShowValues() throws Exception {
        try (ConfigurableApplicationContext context = start()) {
            HttpResponse<String> env = exchange(request(context, "/actuator/env"));
            assertThat(env.statusCode()).isEqualTo(200);
            assertThat(env.body()).contains("posthog.api-key", "posthog.flush-at");
            assertNoSecret(env.body());

            HttpResponse<String> configprops = exchange(request(context, "/actuator/configprops"));
            assertThat(configprops.statusCode()).isEqualTo(200);
            assertThat(configprops.body()).contains("posthog", "flushAt");
            assertNoSecret(configprops.body());
        }
    }

    @Test
    void noSecretInTheEnvEndpointWhateverRelaxedFormSetIt() throws Exception {
        String envKey = "phc_EnvironmentVariableSecret0123456789";
        String envHeader = "env-header-secret-value";
        String sysPersonal = "phx_SystemPropertySecret0123456789";
        String jsonKey = "phc_ApplicationJsonSecret0123456789";
        Map<String, Object> environmentVariables = Map.of("POSTHOG_API_KEY", envKey,
                "POSTHOG_HEADERS_X_PROXY_TOKEN", envHeader, "POSTHOG_PERSONAL_API_KEY", sysPersonal,
                "SPRING_APPLICATION_JSON", "{\"posthog\":{\"api-key\":\"" + jsonKey + "\"}}");
        Map<String, Object> systemProperties = Map.of("posthog.personalApiKey", sysPersonal,
                "spring.application.json", "{\"posthog\":{\"api-key\":\"" + jsonKey + "\"}}");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(WebTestApplication.class)
                .registerShutdownHook(false)
                .initializers(ctx -> {
                    ctx.getEnvironment().getPropertySources().addFirst(
                            new SystemEnvironmentPropertySource("testEnvironmentVariables", environmentVariables));
                    ctx.getEnvironment().getPropertySources().addFirst(
                            new MapPropertySource("testSystemProperties", systemProperties));
                })
                .properties("server.port=0", "spring.main.banner-mode=off", "posthog.host=" + posthog.host(),
                        "posthog.compression=none", "management.endpoints.web.exposure.include=env,configprops",
                        "management.endpoint.env.show-values=always",
                        "management.endpoint.configprops.show-values=always")
                .run()) {
            assertThat(context.getBean(PostHogClient.class).isEnabled()).isTrue();
            HttpResponse<String> env = exchange(request(context, "/actuator/env"));
            assertThat(env.statusCode()).isEqualTo(200);
            assertThat(env.body()).contains("POSTHOG_API_KEY", "POSTHOG_HEADERS_X_PROXY_TOKEN",
                    "posthog.personalApiKey", "spring.application.json", "posthog.host");
            assertThat(env.body()).doesNotContain(envKey, envHeader, sysPersonal, jsonKey, "EnvironmentVariableSecret",
                    "SystemPropertySecret", "ApplicationJsonSecret");

            HttpResponse<String> configprops = exchange(request(context, "/actuator/configprops"));
            assertThat(configprops.statusCode()).isEqualTo(200);
            assertThat(configprops.body()).contains("flushAt").doesNotContain(envKey, envHeader, sysPersonal,
                    jsonKey);
        }
    }

    @Test
    void readOnlyAccessRefusesTheFlush() throws Exception {
        try (ConfigurableApplicationContext context = start("management.endpoint.posthog.access=read-only")) {
            context.getBean(PostHogClient.class).capture("user-1", "pending");

            HttpResponse<String> flush = exchange(request(context, "/actuator/posthog")
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(flush.statusCode()).isEqualTo(405);
            assertThat(posthog.bodies()).isEmpty();
            assertThat(exchange(request(context, "/actuator/posthog")).statusCode()).isEqualTo(200);
        }
    }

    private static void assertNoSecret(String body) {
        assertThat(body).doesNotContain(API_KEY, PERSONAL_KEY, HEADER_SECRET, "EndpointProjectSecret",
                "EndpointPersonalSecret");
    }
}
