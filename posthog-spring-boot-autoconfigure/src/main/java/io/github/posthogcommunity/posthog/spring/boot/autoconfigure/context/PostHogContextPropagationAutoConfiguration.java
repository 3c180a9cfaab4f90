package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.context;

import io.github.posthogcommunity.posthog.PostHogClient;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Carries the {@code PostHogContext} across threads: a
 * {@link PostHogContextTaskDecorator} bean, which Spring Boot applies to its {@code applicationTaskExecutor}
 * ({@code @Async}, on platform and virtual threads alike) and which applications set on executors they build. The
 * Micrometer {@link PostHogContextAccessor} is registered independently, through the {@code ServiceLoader}. A
 * {@code PostHogContextTaskDecorator} bean of the application replaces the auto-configured one.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration")
@ConditionalOnClass(PostHogClient.class)
public class PostHogContextPropagationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PostHogContextTaskDecorator postHogContextTaskDecorator() {
        return new PostHogContextTaskDecorator();
    }
}
