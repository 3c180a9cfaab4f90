package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.exceptions;

import io.github.posthogcommunity.posthog.internal.exceptions.ExceptionRateLimiter;
import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogAutoConfiguration;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogClientCustomizer;

import java.util.List;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.server.WebExceptionHandler;

import reactor.core.publisher.Mono;

/**
 * Exception capture ({@code posthog.exception-autocapture.*}): the in-app packages of {@code $exception} stack
 * frames for every capture (the configured ones, else the application's auto-configuration packages) and, opt-in
 * ({@code enabled}), the capture of exceptions that escape Spring MVC or Spring WebFlux handlers.
 */
@AutoConfiguration(after = PostHogAutoConfiguration.class)
@ConditionalOnClass(PostHogClient.class)
@EnableConfigurationProperties(PostHogExceptionAutocaptureProperties.class)
public class PostHogExceptionAutoConfiguration {

    /** Before the application's customizers, so one of them may still add packages. */
    @Bean
    @Order(0)
    @ConditionalOnMissingBean(name = "postHogInAppPackagesCustomizer")
    PostHogClientCustomizer postHogInAppPackagesCustomizer(PostHogExceptionAutocaptureProperties properties,
                                                           BeanFactory beanFactory) {
        List<String> packages = properties.inAppPackages();
        if (packages.isEmpty() && AutoConfigurationPackages.has(beanFactory)) {
            packages = AutoConfigurationPackages.get(beanFactory);
        }
        List<String> inApp = packages.stream().filter(p -> p != null && !p.isBlank()).toList();
        return builder -> {
            if (!inApp.isEmpty()) {
                builder.inAppPackages(inApp.toArray(String[]::new));
            }
        };
    }

    private static ExceptionRateLimiter rateLimiter(PostHogExceptionAutocaptureProperties properties) {
        PostHogExceptionAutocaptureProperties.RateLimit limit = properties.rateLimit();
        return new ExceptionRateLimiter("PostHog exception autocapture", limit.maxPerType(), limit.window(),
                System::nanoTime);
    }

    /** Unhandled exceptions of Spring MVC handlers, opt-in. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass({DispatcherServlet.class, HandlerExceptionResolver.class})
    @ConditionalOnBooleanProperty(name = PostHogExceptionAutocaptureProperties.PREFIX + ".enabled")
    @ConditionalOnBean(PostHogClient.class)
    static class MvcExceptionCaptureConfiguration {

        /** With several client beans, the primary one captures; the choice is logged when there is none. */
        @Bean
        @ConditionalOnMissingBean
        PostHogMvcExceptionCapture postHogMvcExceptionCapture(ObjectProvider<PostHogClient> clients,
                                                              PostHogExceptionAutocaptureProperties properties) {
            return new PostHogMvcExceptionCapture(ExceptionClient.choose(clients), rateLimiter(properties));
        }

        @Bean
        @ConditionalOnMissingBean
        PostHogUnhandledExceptionResolver postHogUnhandledExceptionResolver(PostHogMvcExceptionCapture capture) {
            return new PostHogUnhandledExceptionResolver(capture);
        }

        @Configuration(proxyBeanMethods = false)
        @ConditionalOnBooleanProperty(name = PostHogExceptionAutocaptureProperties.PREFIX + ".include-handled")
        static class HandledExceptionCaptureConfiguration {

            @Bean
            @ConditionalOnMissingBean
            PostHogHandledExceptionRecorder postHogHandledExceptionRecorder(PostHogMvcExceptionCapture capture) {
                return new PostHogHandledExceptionRecorder(capture);
            }

            @Bean
            @ConditionalOnMissingBean(name = "postHogHandledExceptionInterceptor")
            WebMvcConfigurer postHogHandledExceptionInterceptor(PostHogHandledExceptionRecorder recorder) {
                return new WebMvcConfigurer() {
                    @Override
                    public void addInterceptors(InterceptorRegistry registry) {
                        registry.addInterceptor(recorder);
                    }
                };
            }
        }
    }

    /** Unhandled exceptions of Spring WebFlux handlers, opt-in. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnClass({WebExceptionHandler.class, Mono.class})
    @ConditionalOnBooleanProperty(name = PostHogExceptionAutocaptureProperties.PREFIX + ".enabled")
    @ConditionalOnBean(PostHogClient.class)
    static class WebFluxExceptionCaptureConfiguration {

        @Bean
        @ConditionalOnMissingBean
        PostHogWebFluxExceptionCapture postHogWebFluxExceptionCapture(ObjectProvider<PostHogClient> clients,
                                                                      PostHogExceptionAutocaptureProperties properties) {
            return new PostHogWebFluxExceptionCapture(ExceptionClient.choose(clients), rateLimiter(properties),
                    properties.includeHandled());
        }
    }
}
