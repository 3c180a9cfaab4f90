package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.openfeature;

import dev.openfeature.sdk.OpenFeatureAPI;
import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.openfeature.PostHogProvider;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * OpenFeature, when its SDK and {@code posthog-openfeature} are on the class path
 * ({@code posthog.openfeature.enabled}, default on): a {@link PostHogProvider} bean over the client (the only one,
 * or the {@code @Primary} one), set once as the default provider of the global {@link OpenFeatureAPI}, which is a
 * bean too, so that applications inject it ({@code api.getClient()}). Each bean backs off for one of the
 * application.
 */
@AutoConfiguration(after = PostHogAutoConfiguration.class)
@ConditionalOnClass({OpenFeatureAPI.class, PostHogProvider.class, PostHogClient.class})
@ConditionalOnBooleanProperty(name = PostHogOpenFeatureProperties.PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties(PostHogOpenFeatureProperties.class)
public class PostHogOpenFeatureAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnSingleCandidate(PostHogClient.class)
    PostHogProvider postHogOpenFeatureProvider(PostHogClient client) {
        return new PostHogProvider(client);
    }

    /** The global API, so that it can be injected; not shut down with the context (it is process-wide). */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    OpenFeatureAPI openFeatureApi() {
        return OpenFeatureAPI.getInstance();
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnSingleCandidate(PostHogProvider.class)
    OpenFeatureProviderRegistration postHogOpenFeatureProviderRegistration(OpenFeatureAPI api,
                                                                          PostHogProvider provider) {
        return new OpenFeatureProviderRegistration(api, provider);
    }
}
