package io.github.posthogcommunity.posthog.spring.boot.autoconfigure;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.http.HttpTransport;

import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class PostHogAutoConfigurationTests {

    static final String KEY = "phc_TestProjectKey0123456789";

    private final RecordingTransport transport = new RecordingTransport();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PostHogAutoConfiguration.class))
            .withBean(HttpTransport.class, () -> transport)
            .withPropertyValues("posthog.compression=none");

    @Test
    void withoutApiKeyTheContextStartsWithADisabledClientAndSaysSoOnce(CapturedOutput output) {
        runner.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(PostHogClient.class);
            PostHogClient client = context.getBean(PostHogClient.class);
            assertThat(client.isEnabled()).isFalse();
            assertThat(client.capture("user-1", "ignored")).isNull();
            assertThat(client.flush().events()).isZero();
        });
        assertThat(transport.requests()).isEmpty();
        assertThat(output.getOut().split("PostHog is disabled: posthog.api-key is not set", -1)).hasSize(2);
    }

    @Test
    void blankApiKeyIsTreatedAsMissing() {
        runner.withPropertyValues("posthog.api-key=  ").run(context ->
                assertThat(context.getBean(PostHogClient.class).isEnabled()).isFalse());
    }

    @Test
    void enabledFalseGivesADisabledClientEvenWithAKey(CapturedOutput output) {
        runner.withPropertyValues("posthog.api-key=" + KEY, "posthog.enabled=false").run(context -> {
            PostHogClient client = context.getBean(PostHogClient.class);
            assertThat(client.isEnabled()).isFalse();
            client.capture("user-1", "ignored");
            client.flush();
        });
        assertThat(transport.requests()).isEmpty();
        assertThat(output.getOut()).contains("PostHog is disabled (posthog.enabled=false)");
    }

    @Test
    void withApiKeyTheClientSendsThroughTheUserTransportBean() {
        runner.withPropertyValues("posthog.api-key=" + KEY).run(context -> {
            PostHogClient client = context.getBean(PostHogClient.class);
            assertThat(client.isEnabled()).isTrue();
            client.capture("user-1", "order placed", Map.of("total", 42));
            assertThat(client.flush().sent()).isEqualTo(1);
        });
        assertThat(transport.eventNames()).containsExactly("order placed");
        assertThat(transport.requests().get(0).uri().getPath()).isEqualTo("/batch/");
    }

    @Test
    void propertiesReachTheClient() {
        runner.withPropertyValues("posthog.api-key=" + KEY, "posthog.host=http://posthog.example:8080/",
                        "posthog.headers[X-Proxy-Token]=secret-proxy-token", "posthog.disable-geoip=true")
                .run(context -> {
                    PostHogClient client = context.getBean(PostHogClient.class);
                    client.capture("user-1", "signed up");
                    client.flush();
                });
        assertThat(transport.requests()).hasSize(1);
        assertThat(transport.requests().get(0).uri().toString()).isEqualTo("http://posthog.example:8080/batch/");
        assertThat(transport.requests().get(0).header("X-Proxy-Token")).isEqualTo("secret-proxy-token");
        assertThat(transport.events().get(0).path("properties").path("$geoip_disable").asBoolean()).isTrue();
    }

    @Test
    void headersBoundWithoutBracketsKeepTheirName() {
        runner.withPropertyValues("posthog.api-key=" + KEY, "posthog.headers.X-Proxy-Token=from-yaml-style")
                .run(context -> {
                    PostHogClient client = context.getBean(PostHogClient.class);
                    client.capture("user-1", "signed up");
                    client.flush();
                });
        assertThat(transport.requests().get(0).header("X-Proxy-Token")).isEqualTo("from-yaml-style");
    }

    @Test
    void superPropertiesFromPropertiesAndCustomizersAreOnEveryEvent() {
        runner.withPropertyValues("posthog.api-key=" + KEY, "posthog.super-properties.app.version=1.2.3",
                        "posthog.super-properties[deployment.environment]=staging",
                        "posthog.super-properties.region=eu")
                .withUserConfiguration(SuperPropertiesCustomizerConfiguration.class)
                .run(context -> {
                    PostHogClient client = context.getBean(PostHogClient.class);
                    assertThat(client.superProperties()).containsOnlyKeys("app.version", "deployment.environment",
                            "instance");
                    client.capture("user-1", "signed up", Map.of("deployment.environment", "caller"));
                    client.flush();
                });
        JsonNode properties = transport.events().get(0).path("properties");
        assertThat(properties.path("app.version").asString()).isEqualTo("1.2.3");
        assertThat(properties.path("deployment.environment").asString()).isEqualTo("caller");
        assertThat(properties.path("instance").asString()).isEqualTo("i-1");
        assertThat(properties.has("region")).isFalse();
    }

    @Test
    void aReservedSuperPropertyFailsStartUpNamingIt() {
        runner.withPropertyValues("posthog.api-key=" + KEY, "posthog.super-properties[$lib]=mine")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("posthog.super-properties[$lib]"));
    }

    @Test
    void closingTheContextDrainsPendingEventsOnceAndALaterCloseIsHarmless() {
        AtomicReference<PostHogClient> client = new AtomicReference<>();
        runner.withPropertyValues("posthog.api-key=" + KEY, "posthog.flush-at=1000", "posthog.flush-interval=1h")
                .run(context -> {
                    client.set(context.getBean(PostHogClient.class));
                    client.get().capture("user-1", "pending at shutdown");
                    assertThat(transport.requests()).isEmpty();
                });
        assertThat(transport.eventNames()).containsExactly("pending at shutdown");
        client.get().close();
        assertThat(client.get().capture("user-1", "after shutdown")).isNull();
        assertThat(transport.requests()).hasSize(1);
    }

    @Test
    void aUserClientBeanReplacesTheAutoConfiguredOne() {
        runner.withPropertyValues("posthog.api-key=" + KEY).withUserConfiguration(UserClientConfiguration.class)
                .run(context -> {
                    assertThat(context).hasSingleBean(PostHogClient.class);
                    assertThat(context.getBean(PostHogClient.class))
                            .isSameAs(context.getBean(UserClientConfiguration.class).client);
                    assertThat(context).hasSingleBean(PostHogShutdownLifecycle.class);
                });
    }

    @Test
    void customizersRunInOrderAfterTheProperties() {
        runner.withPropertyValues("posthog.api-key=" + KEY).withUserConfiguration(CustomizerConfiguration.class)
                .run(context -> {
                    assertThat(context.getBean(CustomizerConfiguration.class).calls).containsExactly("first", "second");
                    PostHogClient client = context.getBean(PostHogClient.class);
                    client.capture("user-1", "customized");
                    client.flush();
                });
        assertThat(transport.events()).singleElement()
                .satisfies(e -> assertThat(e.path("properties").path("hooks").asString()).isEqualTo("first,second"));
    }

    @Test
    void customizersAreNotCalledForADisabledClient() {
        runner.withUserConfiguration(CustomizerConfiguration.class).run(context ->
                assertThat(context.getBean(CustomizerConfiguration.class).calls).isEmpty());
    }

    @Test
    void theDrainRunsAtTheDefaultPhaseOrTheConfiguredOne() {
        runner.run(context -> assertThat(context.getBean(PostHogShutdownLifecycle.class).getPhase())
                .isEqualTo(Integer.MAX_VALUE / 2 - 1024)
                .isLessThan(Integer.MAX_VALUE / 2)
                .isLessThan(Integer.MAX_VALUE - 1024));
        runner.withPropertyValues("posthog.lifecycle.phase=42").run(context ->
                assertThat(context.getBean(PostHogShutdownLifecycle.class).getPhase()).isEqualTo(42));
    }

    @Test
    void aDrainDeadlineAsLongAsTheShutdownPhaseIsWarnedAbout(CapturedOutput output) {
        runner.withPropertyValues("posthog.shutdown-timeout=20s").run(context -> assertThat(context).hasNotFailed());
        assertThat(output.getOut()).doesNotContain("should be shorter than");
        runner.withPropertyValues("posthog.shutdown-timeout=20s", "spring.lifecycle.timeout-per-shutdown-phase=15s")
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(output.getOut()).contains("posthog.shutdown-timeout (PT20S) should be shorter than "
                + "spring.lifecycle.timeout-per-shutdown-phase (PT15S)");
    }

    @Configuration(proxyBeanMethods = false)
    static class SuperPropertiesCustomizerConfiguration {

        @Bean
        PostHogSuperPropertiesCustomizer instanceAndNoRegion() {
            return superProperties -> {
                superProperties.put("instance", "i-1");
                superProperties.remove("region");
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserClientConfiguration {
        final PostHogClient client = PostHogClient.disabled();

        @Bean
        PostHogClient userClient() {
            return client;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomizerConfiguration {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Bean
        @Order(2)
        PostHogClientCustomizer second() {
            return builder -> {
                calls.add("second");
                builder.beforeSend(e -> e.withProperty("hooks", e.properties().get("hooks") + ",second"));
            };
        }

        @Bean
        @Order(1)
        PostHogClientCustomizer first() {
            return builder -> {
                calls.add("first");
                builder.beforeSend(e -> e.withProperty("hooks", "first"));
            };
        }
    }
}
