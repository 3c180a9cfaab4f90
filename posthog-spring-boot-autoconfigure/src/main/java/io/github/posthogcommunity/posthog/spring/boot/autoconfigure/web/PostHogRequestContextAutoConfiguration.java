package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.web;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogProperties;
import jakarta.servlet.Filter;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In servlet applications ({@code posthog.request-context.enabled}, default on): a filter that turns the
 * {@code X-POSTHOG-DISTINCT-ID} / {@code X-POSTHOG-SESSION-ID} headers into the {@code PostHogContext} of the
 * request, the identity of events captured without an explicit distinct id while handling it. A bean named
 * {@code postHogRequestContextFilter} of the application replaces the registration.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({PostHogClient.class, Filter.class, OncePerRequestFilter.class})
@ConditionalOnBooleanProperty(name = PostHogProperties.PREFIX + ".request-context.enabled", matchIfMissing = true)
public class PostHogRequestContextAutoConfiguration {

    /** Early, so that events captured by other filters (security, logging) see the identity too. */
    static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

    @Bean
    @ConditionalOnMissingBean(name = "postHogRequestContextFilter")
    FilterRegistrationBean<PostHogRequestContextFilter> postHogRequestContextFilter() {
        FilterRegistrationBean<PostHogRequestContextFilter> registration =
                new FilterRegistrationBean<>(new PostHogRequestContextFilter());
        registration.setName("postHogRequestContextFilter");
        registration.setOrder(FILTER_ORDER);
        return registration;
    }
}
