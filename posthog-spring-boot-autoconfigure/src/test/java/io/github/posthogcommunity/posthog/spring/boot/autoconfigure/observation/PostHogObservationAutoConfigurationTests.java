package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.observation;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogAutoConfiguration;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogTestServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.ObservationRegistry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** Remote flag requests of the auto-configured client as observations, which Boot turns into timers. */
class PostHogObservationAutoConfigurationTests {

    @RegisterExtension
    final PostHogTestServer posthog = new PostHogTestServer();

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PostHogAutoConfiguration.class,
                        PostHogObservationAutoConfiguration.class, ObservationAutoConfiguration.class,
                        MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
                .withPropertyValues("posthog.api-key=phc_ObservationTestKey0123456789",
                        "posthog.host=" + posthog.host(), "posthog.compression=none",
                        "posthog.feature-flags.retries=0");
    }

    @Test
    void eachRemoteFlagRequestIsTimedWithItsEvaluationAndOutcome() {
        runner().run(context -> {
            assertThat(context).hasSingleBean(ObservationRegistry.class);
            PostHogClient client = context.getBean(PostHogClient.class);
            client.isFeatureEnabled("beta", "user-1", false);
            client.isFeatureEnabled("beta", "user-2", false);

            Timer timer = context.getBean(MeterRegistry.class).get(ObservationFeatureFlagRequestObserver.NAME)
                    .tag("evaluation", "remote").timer();
            assertThat(timer.count()).isEqualTo(2);
            assertThat(timer.getId().getTag("outcome")).isIn("success", "failure");
            assertThat(client.flagStats().requests()).isEqualTo(2);
        });
    }

    @Test
    void withoutTheObservationApiTheClientWorksUnobserved() {
        runner().withClassLoader(new FilteredClassLoader(ObservationRegistry.class)).run(context ->
                assertThat(context).hasNotFailed().hasSingleBean(PostHogClient.class)
                        .doesNotHaveBean("postHogFlagsObservationCustomizer"));
    }
}
