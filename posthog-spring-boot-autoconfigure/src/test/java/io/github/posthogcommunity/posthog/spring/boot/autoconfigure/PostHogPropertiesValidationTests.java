package io.github.posthogcommunity.posthog.spring.boot.autoconfigure;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;

class PostHogPropertiesValidationTests {

    private static final String KEY = PostHogAutoConfigurationTests.KEY;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PostHogAutoConfiguration.class));

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "posthog.flush-at                 | -1",
            "posthog.flush-at                 | 0",
            "posthog.max-batch-size           | -5",
            "posthog.max-queue-size           | 0",
            "posthog.max-queue-size           | 2147483647",
            "posthog.max-queue-bytes          | 1KB",
            "posthog.shutdown-timeout         | 400000d",
            "posthog.max-retries              | -1",
            "posthog.sender-threads           | 0",
            "posthog.max-sender-threads       | 0",
            "posthog.max-sender-threads       | 3",
            "posthog.flush-interval           | 0s",
            "posthog.request-timeout          | 0s",
            "posthog.request-timeout          | -1s",
            "posthog.flush-timeout            | 0ms",
            "posthog.shutdown-timeout         | 0s",
            "posthog.queue-full-block-timeout | 0s",
            "posthog.host                     | not a url",
            "posthog.host                     | ftp://posthog.example",
            "posthog.host                     | posthog.example",
            "posthog.feature-flags.poll-interval | 0s",
            "posthog.feature-flags.wait-for-first-load | -1s",
    })
    void anInvalidValueFailsStartUpNamingTheProperty(String property, String value) {
        runner.withPropertyValues("posthog.api-key=" + KEY, property + "=" + value).run(context -> {
            assertThat(context).hasFailed();
            Throwable root = NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
            assertThat(root).isInstanceOf(InvalidPostHogPropertyException.class);
            assertThat(((InvalidPostHogPropertyException) root).property()).isEqualTo(property);
            assertThat(root.getMessage()).contains("'" + property + "'").doesNotContain(KEY);
            FailureAnalysis analysis = new InvalidPostHogPropertyFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains(property).doesNotContain(KEY);
            assertThat(analysis.getAction()).contains(property);
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "posthog.headers[Bad Name]=v                | posthog.headers[Bad Name]",
            "posthog.headers[X-Token]=a\\r\\nInjected: x | posthog.headers[X-Token]",
    })
    void anInvalidHeaderFailsStartUpWithoutShowingItsValue(String assignment, String property) {
        String unescaped = assignment.replace("\\r", "\r").replace("\\n", "\n");
        runner.withPropertyValues("posthog.api-key=" + KEY, unescaped).run(context -> {
            Throwable root = NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
            assertThat(root).isInstanceOf(InvalidPostHogPropertyException.class).hasMessageContaining(property)
                    .hasMessageNotContaining("Injected");
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"posthog.flush-at=-1", "posthog.host=nope"})
    void invalidValuesFailEvenWhenDisabled(String assignment) {
        runner.withPropertyValues(assignment).run(context -> assertThat(context).hasFailed());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"posthog.capture-protocol=V0", "posthog.capture-protocol=v1",
            "posthog.compression=deflate", "posthog.queue-full-policy=block",
            "posthog.compression=NONE", "posthog.max-retries=0", "posthog.host=http://localhost:8000/",
            "posthog.feature-flags.poll-interval=5m", "posthog.max-queue-bytes=256MB",
            "posthog.max-queue-size=50", "posthog.max-sender-threads=4", "posthog.max-sender-threads=64"})
    void validValuesStart(String assignment) {
        runner.withPropertyValues("posthog.api-key=" + KEY, assignment).run(context -> assertThat(context).hasNotFailed());
    }
}
