package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.web;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogClientCustomizer;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogProperties;
import jakarta.servlet.Filter;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In servlet applications ({@code posthog.request-context.enabled}, default on): a filter that turns the
 * {@code X-POSTHOG-DISTINCT-ID} / {@code X-POSTHOG-SESSION-ID} headers into the identity of events captured without
 * an explicit distinct id while handling the request. Applies to the auto-configured client.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({PostHogClient.class, Filter.class, OncePerRequestFilter.class})
@ConditionalOnBooleanProperty(name = PostHogProperties.PREFIX + ".request-context.enabled", matchIfMissing = true)
public class PostHogRequestContextAutoConfiguration {

    /** Early, so that events captured by other filters (security, logging) see the identity too. */
    static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

    @Bean
    RequestEventContext postHogRequestEventContext() {
        return new RequestEventContext();
    }

    /** Before the application's customizers, so one of them may still install its own context supplier. */
    @Bean
    @Order(0)
    PostHogClientCustomizer postHogRequestContextCustomizer(RequestEventContext context) {
        return builder -> builder.contextSupplier(context);
    }

    @Bean
    FilterRegistrationBean<PostHogRequestContextFilter> postHogRequestContextFilter(RequestEventContext context) {
        FilterRegistrationBean<PostHogRequestContextFilter> registration =
                new FilterRegistrationBean<>(new PostHogRequestContextFilter(context));
        registration.setName("postHogRequestContextFilter");
        registration.setOrder(FILTER_ORDER);
        return registration;
    }
}
