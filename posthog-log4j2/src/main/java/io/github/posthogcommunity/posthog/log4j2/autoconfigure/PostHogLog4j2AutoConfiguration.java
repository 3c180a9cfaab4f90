package io.github.posthogcommunity.posthog.log4j2.autoconfigure;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.log4j2.PostHogAppender;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogAutoConfiguration;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogProperties;

import org.apache.logging.log4j.core.LoggerContext;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * On Spring Boot with Log4j2: the application's client is the default client of the {@code <PostHog>} appenders
 * declared in {@code log4j2-spring.xml} (or {@code log4j2.xml}), so they need no code.
 */
@AutoConfiguration(after = PostHogAutoConfiguration.class)
@ConditionalOnClass({LoggerContext.class, PostHogAppender.class, PostHogClient.class, PostHogAutoConfiguration.class})
public class PostHogLog4j2AutoConfiguration {

    @Bean
    @ConditionalOnSingleCandidate(PostHogClient.class)
    PostHogLog4j2DefaultClient postHogLog4j2DefaultClient(PostHogClient client, Environment environment) {
        int drainPhase = environment.getProperty(PostHogProperties.PREFIX + ".lifecycle.phase", Integer.class,
                PostHogProperties.Lifecycle.DEFAULT_PHASE);
        return new PostHogLog4j2DefaultClient(client, drainPhase + 1);
    }
}
