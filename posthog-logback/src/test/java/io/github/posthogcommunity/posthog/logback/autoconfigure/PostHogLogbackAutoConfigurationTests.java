package io.github.posthogcommunity.posthog.logback.autoconfigure;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.logback.PostHogAppender;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogAutoConfiguration;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogClientCustomizer;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogProperties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class PostHogLogbackAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PostHogAutoConfiguration.class,
                    PostHogLogbackAutoConfiguration.class, PostHogTraceIdsAutoConfiguration.class))
            .withPropertyValues("posthog.api-key=phc_LoggingTestKey0123456789", "posthog.host=http://localhost:9");

    private final LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Logger root = logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @AfterEach
    void clean() {
        PostHogAppender.setDefaultClient(null);
    }

    private long postHogAppendersOnRoot() {
        long count = 0;
        for (var it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof PostHogAppender) {
                count++;
            }
        }
        return count;
    }

    @Test
    void byDefaultTheClientIsOnlyTheDefaultOfDeclaredAppenders() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(PostHogLogbackAttacher.class);
            assertThat(context.getBean(PostHogLogbackAttacher.class).attached()).isNull();
            assertThat(postHogAppendersOnRoot()).isZero();
            assertThat(PostHogAppender.getDefaultClient()).isSameAs(context.getBean(PostHogClient.class));
            assertThat(context.getBean(PostHogLoggingProperties.class).minimumLevel().name()).isEqualTo("ERROR");
        });
        assertThat(PostHogAppender.getDefaultClient()).isNull();
    }

    @Test
    void enabledAttachesOneConfiguredAppenderToTheRootLoggerUntilTheContextCloses() {
        runner.withPropertyValues("posthog.logging.enabled=true", "posthog.logging.minimum-level=warn",
                "posthog.logging.mdc-keys=orderId,tenant").run(context -> {
                    PostHogAppender attached = context.getBean(PostHogLogbackAttacher.class).attached();
                    assertThat(attached).isNotNull();
                    assertThat(attached.isStarted()).isTrue();
                    assertThat(attached.getMinimumLevel()).isEqualTo("WARN");
                    assertThat(root.isAttached(attached)).isTrue();
                    assertThat(postHogAppendersOnRoot()).isOne();
                });
        assertThat(postHogAppendersOnRoot()).isZero();
    }

    @Test
    void anAppenderDeclaredOnTheRootLoggerIsNotDoubled() {
        PostHogAppender declared = new PostHogAppender();
        declared.setContext(logback);
        declared.start();
        root.addAppender(declared);
        try {
            runner.withPropertyValues("posthog.logging.enabled=true").run(context -> {
                assertThat(context.getBean(PostHogLogbackAttacher.class).attached()).isNull();
                assertThat(postHogAppendersOnRoot()).isOne();
                assertThat(PostHogAppender.getDefaultClient()).isSameAs(context.getBean(PostHogClient.class));
            });
        } finally {
            root.detachAppender(declared);
            declared.stop();
        }
    }

    @Test
    void itStopsJustBeforeTheClientDrains() {
        runner.withPropertyValues("posthog.lifecycle.phase=1000").run(context -> assertThat(
                context.getBean(PostHogLogbackAttacher.class).getPhase()).isEqualTo(1001));
        runner.run(context -> assertThat(context.getBean(PostHogLogbackAttacher.class).getPhase())
                .isEqualTo(PostHogProperties.Lifecycle.DEFAULT_PHASE + 1));
    }

    @Test
    void withoutLogbackThereIsNoAttacher() {
        runner.withClassLoader(new FilteredClassLoader(LoggerContext.class))
                .run(context -> assertThat(context).doesNotHaveBean(PostHogLogbackAttacher.class));
    }

    @Test
    void anInvalidRateLimitFailsStartUpNamingTheProperty() {
        runner.withPropertyValues("posthog.logging.rate-limit.max-per-type=-1").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessageContaining("posthog.logging.rate-limit.max-per-type"));
    }

    @Test
    void traceIdsCanBeTurnedOff() {
        runner.run(context -> assertThat(context).hasBean("postHogTraceIdsCustomizer"));
        runner.withPropertyValues("posthog.logging.trace-ids=false")
                .run(context -> assertThat(context).doesNotHaveBean("postHogTraceIdsCustomizer")
                        .hasSingleBean(PostHogClient.class));
        runner.withClassLoader(new FilteredClassLoader(PostHogClientCustomizer.class))
                .run(context -> assertThat(context).doesNotHaveBean("postHogTraceIdsCustomizer"));
    }
}
