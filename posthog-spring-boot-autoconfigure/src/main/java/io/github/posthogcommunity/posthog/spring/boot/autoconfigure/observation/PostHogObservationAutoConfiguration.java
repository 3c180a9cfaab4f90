package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.observation;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogAutoConfiguration;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogClientCustomizer;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;

/**
 * With Micrometer's Observation API and an {@link ObservationRegistry} bean: every remote feature flag request of
 * the auto-configured client is an observation {@code posthog.flags.request} (see
 * {@link ObservationFeatureFlagRequestObserver}). A client bean of the application gets it with
 * {@code builder.featureFlagsRequestObserver(new ObservationFeatureFlagRequestObserver(registry))}.
 */
@AutoConfiguration(before = PostHogAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({PostHogClient.class, ObservationRegistry.class})
public class PostHogObservationAutoConfiguration {

    /** Before the application's customizers, so one of them may still replace the observer. */
    @Bean
    @Order(0)
    @ConditionalOnMissingBean(name = "postHogFlagsObservationCustomizer")
    PostHogClientCustomizer postHogFlagsObservationCustomizer(ObjectProvider<ObservationRegistry> registry) {
        // The registry is looked up at the first flag request: resolving it while the client is built would be a
        // cycle when an ObservationHandler bean (posthog-spring-ai's) needs the client.
        return builder -> builder.featureFlagsRequestObserver(
                new ObservationFeatureFlagRequestObserver(registry::getIfUnique));
    }
}
