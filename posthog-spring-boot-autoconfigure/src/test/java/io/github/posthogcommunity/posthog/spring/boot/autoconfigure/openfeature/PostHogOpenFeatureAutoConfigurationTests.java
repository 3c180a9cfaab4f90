package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.openfeature;

import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.OpenFeatureAPI;
import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.openfeature.PostHogProvider;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogAutoConfiguration;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogTestServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class PostHogOpenFeatureAutoConfigurationTests {

    @RegisterExtension
    final PostHogTestServer posthog = new PostHogTestServer();

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PostHogAutoConfiguration.class,
                        PostHogOpenFeatureAutoConfiguration.class))
                .withPropertyValues("posthog.api-key=phc_OpenFeatureTestKey0123456789",
                        "posthog.host=" + posthog.host(), "posthog.compression=none",
                        "posthog.feature-flags.retries=0", "posthog.feature-flags.send-events=false");
    }

    @Test
    void theProviderIsSetOnTheApiOnceAndEvaluatesThroughTheClient() {
        runner().run(context -> {
            assertThat(context).hasSingleBean(PostHogProvider.class).hasSingleBean(OpenFeatureAPI.class);
            OpenFeatureAPI api = context.getBean(OpenFeatureAPI.class);
            assertThat(api).isSameAs(OpenFeatureAPI.getInstance());
            assertThat(api.getProvider()).isSameAs(context.getBean(PostHogProvider.class));
            api.getClient().getBooleanValue("beta", false, new ImmutableContext("user-7"));
            assertThat(context.getBean(PostHogClient.class).flagStats().requests()).isEqualTo(1);
            assertThat(posthog.bodies()).anyMatch(body -> body.contains("user-7") && body.contains("beta"));
        });
        assertThat(OpenFeatureAPI.getInstance().getProviderMetadata().getName())
                .as("the closed context's provider is taken back").isNotEqualTo(PostHogProvider.NAME);
    }

    @Test
    void thePropertyTurnsItOff() {
        runner().withPropertyValues("posthog.openfeature.enabled=false").run(context ->
                assertThat(context).hasSingleBean(PostHogClient.class).doesNotHaveBean(PostHogProvider.class)
                        .doesNotHaveBean(OpenFeatureAPI.class));
    }

    @Test
    void withoutTheOpenFeatureSdkTheClientStillWorks() {
        runner().withClassLoader(new FilteredClassLoader(OpenFeatureAPI.class)).run(context ->
                assertThat(context).hasNotFailed().hasSingleBean(PostHogClient.class)
                        .doesNotHaveBean(PostHogProvider.class));
    }
}
