package io.github.posthogcommunity.posthog.log4j2.autoconfigure;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.log4j2.PostHogAppender;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogAutoConfiguration;

import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class PostHogLog4j2AutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PostHogAutoConfiguration.class,
                    PostHogLog4j2AutoConfiguration.class))
            .withPropertyValues("posthog.api-key=phc_LoggingTestKey0123456789", "posthog.host=http://localhost:9");

    @Test
    void theClientIsTheDefaultOfDeclaredAppendersWhileTheContextRuns() {
        runner.withPropertyValues("posthog.lifecycle.phase=1000").run(context -> {
            assertThat(PostHogAppender.getDefaultClient()).isSameAs(context.getBean(PostHogClient.class));
            assertThat(context.getBean(PostHogLog4j2DefaultClient.class).getPhase()).isEqualTo(1001);
        });
        assertThat(PostHogAppender.getDefaultClient()).isNull();
    }

    @Test
    void withoutLog4j2ThereIsNothing() {
        runner.withClassLoader(new FilteredClassLoader(LoggerContext.class))
                .run(context -> assertThat(context).doesNotHaveBean(PostHogLog4j2DefaultClient.class));
    }
}
