package io.github.posthogcommunity.posthog.logback.autoconfigure;

import ch.qos.logback.classic.LoggerContext;
import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.logback.PostHogAppender;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogAutoConfiguration;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogProperties;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Logged errors as {@code $exception} events ({@code posthog.logging.*}): when Logback and the PostHog appender
 * are present, the application's client is the default client of PostHog appenders declared in the Logback
 * configuration and, with {@code posthog.logging.enabled=true}, an appender is attached to the root logger.
 */
@AutoConfiguration(after = PostHogAutoConfiguration.class)
@ConditionalOnClass({LoggerContext.class, PostHogAppender.class, PostHogClient.class, PostHogAutoConfiguration.class})
@EnableConfigurationProperties(PostHogLoggingProperties.class)
public class PostHogLogbackAutoConfiguration {

    @Bean
    @ConditionalOnSingleCandidate(PostHogClient.class)
    PostHogLogbackAttacher postHogLogbackAttacher(PostHogClient client, PostHogLoggingProperties properties,
                                                  Environment environment) {
        int drainPhase = environment.getProperty(PostHogProperties.PREFIX + ".lifecycle.phase", Integer.class,
                PostHogProperties.Lifecycle.DEFAULT_PHASE);
        return new PostHogLogbackAttacher(client, properties, drainPhase + 1);
    }
}
