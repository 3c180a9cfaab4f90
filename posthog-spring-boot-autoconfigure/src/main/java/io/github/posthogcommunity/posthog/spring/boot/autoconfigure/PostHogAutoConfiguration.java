package io.github.posthogcommunity.posthog.spring.boot.autoconfigure;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.http.HttpTransport;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link PostHogClient}: a client built from the {@code posthog.*} properties (disabled
 * when no API key is set), a user {@link HttpTransport} bean when there is one, the ordered
 * {@link PostHogClientCustomizer} beans, and the drain of the client when the application context closes. A
 * {@code PostHogClient} bean of the application replaces the auto-configured one.
 */
@AutoConfiguration
@ConditionalOnClass(PostHogClient.class)
@EnableConfigurationProperties(PostHogProperties.class)
public class PostHogAutoConfiguration {

    /** The client; its {@code close()} is idempotent, so the inferred destroy method after the drain is harmless. */
    @Bean
    @ConditionalOnMissingBean
    PostHogClient postHogClient(PostHogProperties properties, ObjectProvider<HttpTransport> transport,
                                ObjectProvider<PostHogClientCustomizer> customizers) {
        return new PostHogClientFactory(properties)
                .create(transport.getIfAvailable(), customizers.orderedStream().toList());
    }

    @Bean
    @ConditionalOnSingleCandidate(PostHogClient.class)
    PostHogShutdownLifecycle postHogShutdownLifecycle(PostHogClient client, PostHogProperties properties) {
        return new PostHogShutdownLifecycle(client::shutdown, properties.shutdownTimeout(),
                properties.lifecycle().phase(), client.isEnabled());
    }
}
