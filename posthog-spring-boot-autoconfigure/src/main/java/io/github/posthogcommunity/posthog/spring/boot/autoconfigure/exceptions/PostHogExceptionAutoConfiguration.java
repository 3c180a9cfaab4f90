package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.exceptions;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogAutoConfiguration;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogClientCustomizer;

import java.util.List;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Exception capture ({@code posthog.exception-autocapture.*}): the in-app packages of {@code $exception} stack
 * frames for every capture (the configured ones, else the application's auto-configuration packages) and, opt-in
 * ({@code enabled}), the capture of exceptions that escape Spring MVC handlers.
 */
@AutoConfiguration(after = PostHogAutoConfiguration.class)
@ConditionalOnClass(PostHogClient.class)
@EnableConfigurationProperties(PostHogExceptionAutocaptureProperties.class)
public class PostHogExceptionAutoConfiguration {

    /** Before the application's customizers, so one of them may still add packages. */
    @Bean
    @Order(0)
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

    /** Unhandled exceptions of Spring MVC handlers, opt-in. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass({DispatcherServlet.class, HandlerExceptionResolver.class})
    @ConditionalOnBooleanProperty(name = PostHogExceptionAutocaptureProperties.PREFIX + ".enabled")
    @ConditionalOnSingleCandidate(PostHogClient.class)
    static class MvcExceptionCaptureConfiguration {

        @Bean
        PostHogMvcExceptionCapture postHogMvcExceptionCapture(PostHogClient client,
                                                              PostHogExceptionAutocaptureProperties properties) {
            PostHogExceptionAutocaptureProperties.RateLimit limit = properties.rateLimit();
            return new PostHogMvcExceptionCapture(client,
                    new ExceptionRateLimiter(limit.maxPerType(), limit.window(), System::nanoTime));
        }

        @Bean
        PostHogUnhandledExceptionResolver postHogUnhandledExceptionResolver(PostHogMvcExceptionCapture capture) {
            return new PostHogUnhandledExceptionResolver(capture);
        }

        @Configuration(proxyBeanMethods = false)
        @ConditionalOnBooleanProperty(name = PostHogExceptionAutocaptureProperties.PREFIX + ".include-handled")
        static class HandledExceptionCaptureConfiguration {

            @Bean
            PostHogHandledExceptionRecorder postHogHandledExceptionRecorder(PostHogMvcExceptionCapture capture) {
                return new PostHogHandledExceptionRecorder(capture);
            }

            @Bean
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
}
