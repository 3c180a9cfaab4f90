package io.github.posthogcommunity.posthog.spring.boot.autoconfigure;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.http.HttpTransport;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.aot.PostHogRuntimeHints;

import java.time.Duration;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the {@link PostHogClient}: a client built from the {@code posthog.*} properties (disabled
 * when no API key is set), a user {@link HttpTransport} bean when there is one, the ordered
 * {@link PostHogClientCustomizer} beans, and the drain of every client bean when the application context closes
 * (not when it is paused). A {@code PostHogClient} bean of the application replaces the auto-configured one.
 */
@AutoConfiguration
@ConditionalOnClass(PostHogClient.class)
@EnableConfigurationProperties(PostHogProperties.class)
@ImportRuntimeHints(PostHogRuntimeHints.class)
public class PostHogAutoConfiguration {

    private static final String PHASE_TIMEOUT_PROPERTY = "spring.lifecycle.timeout-per-shutdown-phase";
    private static final Duration DEFAULT_PHASE_TIMEOUT = Duration.ofSeconds(30);

    /** The client; its {@code close()} is idempotent, so the inferred destroy method after the drain is harmless. */
    @Bean
    @ConditionalOnMissingBean
    PostHogClient postHogClient(PostHogProperties properties, ObjectProvider<HttpTransport> transport,
                                ObjectProvider<PostHogClientCustomizer> customizers,
                                ObjectProvider<PostHogSuperPropertiesCustomizer> superPropertiesCustomizers) {
        return new PostHogClientFactory(properties).create(transport.getIfAvailable(),
                customizers.orderedStream().toList(), superPropertiesCustomizers.orderedStream().toList());
    }

    /** Drains every client bean of the context, the application's own included, in parallel. */
    @Bean
    @ConditionalOnMissingBean(name = "postHogShutdownLifecycle")
    @ConditionalOnBean(PostHogClient.class)
    PostHogShutdownLifecycle postHogShutdownLifecycle(Map<String, PostHogClient> clients,
                                                      PostHogProperties properties, Environment environment) {
        Duration phaseTimeout = Binder.get(environment).bind(PHASE_TIMEOUT_PROPERTY, Duration.class)
                .orElse(DEFAULT_PHASE_TIMEOUT);
        PostHogShutdownLifecycle.warnIfDrainOutlivesPhase(properties.shutdownTimeout(), phaseTimeout);
        return new PostHogShutdownLifecycle(new ClientsDrain(clients), properties.shutdownTimeout(),
                properties.lifecycle().phase(), clients.values().stream().anyMatch(PostHogClient::isEnabled));
    }
}
