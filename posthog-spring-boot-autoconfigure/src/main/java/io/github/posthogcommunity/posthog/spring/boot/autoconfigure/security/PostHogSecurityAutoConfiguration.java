package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.security;

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
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.server.WebFilter;

/**
 * The identity of events from Spring Security, when it is present ({@code posthog.request-context.enabled},
 * default on): in requests Spring Security authenticated, events captured without a distinct id get the one the
 * {@link PostHogDistinctIdResolver} bean gives (default: the principal's name). It wins over the
 * caller-controlled {@code X-POSTHOG-DISTINCT-ID} header, which therefore only ever names an anonymous visitor.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration"})
@ConditionalOnClass({PostHogClient.class, SecurityContextHolder.class})
@ConditionalOnWebApplication
@ConditionalOnBooleanProperty(name = PostHogProperties.PREFIX + ".request-context.enabled", matchIfMissing = true)
public class PostHogSecurityAutoConfiguration {

    /** Spring Boot's default order of the servlet security filter chain ({@code spring.security.filter.order}). */
    static final int DEFAULT_SECURITY_FILTER_ORDER = -100;

    @Bean
    @ConditionalOnMissingBean
    PostHogDistinctIdResolver postHogDistinctIdResolver() {
        return PostHogDistinctIdResolver.principalName();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass({Filter.class, OncePerRequestFilter.class, FilterRegistrationBean.class})
    static class ServletIdentityConfiguration {

        /** Right after Spring Security's filter chain, so that it runs inside it, once the request is authenticated. */
        @Bean
        @ConditionalOnMissingBean(name = "postHogSecurityIdentityFilter")
        FilterRegistrationBean<PostHogSecurityIdentityFilter> postHogSecurityIdentityFilter(
                PostHogDistinctIdResolver resolver, Environment environment) {
            FilterRegistrationBean<PostHogSecurityIdentityFilter> registration =
                    new FilterRegistrationBean<>(new PostHogSecurityIdentityFilter(resolver));
            registration.setName("postHogSecurityIdentityFilter");
            registration.setOrder(environment.getProperty("spring.security.filter.order", Integer.class,
                    DEFAULT_SECURITY_FILTER_ORDER) + 1);
            return registration;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnClass({WebFilter.class, ReactiveSecurityContextHolder.class})
    static class ReactiveIdentityConfiguration {

        @Bean
        @ConditionalOnMissingBean
        PostHogReactiveSecurityIdentityFilter postHogReactiveSecurityIdentityFilter(
                PostHogDistinctIdResolver resolver) {
            return new PostHogReactiveSecurityIdentityFilter(resolver);
        }
    }
}
