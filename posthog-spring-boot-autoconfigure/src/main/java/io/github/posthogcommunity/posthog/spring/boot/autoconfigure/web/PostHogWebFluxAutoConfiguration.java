package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.web;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogProperties;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.server.WebFilter;

import reactor.core.publisher.Mono;

/**
 * In reactive web applications ({@code posthog.request-context.enabled}, default on): the {@link PostHogWebFilter},
 * which makes the identity headers the request's {@code PostHogContext}. Thread-locals follow the Reactor context
 * with {@code spring.reactor.context-propagation=auto}.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({PostHogClient.class, WebFilter.class, Mono.class})
@ConditionalOnBooleanProperty(name = PostHogProperties.PREFIX + ".request-context.enabled", matchIfMissing = true)
public class PostHogWebFluxAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PostHogWebFilter postHogWebFilter() {
        return new PostHogWebFilter();
    }
}
