package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.actuate;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogAutoConfiguration;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogProperties;

import java.util.Map;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Actuator support, when the actuator is present: the {@link PostHogEndpoint} over every client bean (only when it
 * is available, that is accessible and exposed) and the masking of PostHog secrets in the {@code env} and {@code configprops} endpoints.
 */
@AutoConfiguration(after = PostHogAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class, PostHogClient.class})
public class PostHogEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    @ConditionalOnBean(PostHogClient.class)
    PostHogEndpoint postHogEndpoint(Map<String, PostHogClient> clients, PostHogProperties properties) {
        return new PostHogEndpoint(clients, properties);
    }

    @Bean
    @ConditionalOnMissingBean
    PostHogSanitizingFunction postHogSanitizingFunction() {
        return new PostHogSanitizingFunction();
    }
}
