package io.github.posthogcommunity.posthog.spring.boot.autoconfigure;

import io.github.posthogcommunity.posthog.DropReason;
import io.github.posthogcommunity.posthog.PostHogClient;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A paused context (as the test context cache pauses the contexts it keeps) restarts with a working client: the
 * drain runs only when the context closes.
 */
class PauseRestartDeliveryTests {

    @RegisterExtension
    final PostHogTestServer posthog = new PostHogTestServer();

    @Test
    void aPausedAndRestartedContextStillDeliversAndTheCloseStillDrains() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PostHogAutoConfiguration.class))
                .withPropertyValues("posthog.api-key=phc_PauseTestKey0123456789", "posthog.host=" + posthog.host(),
                        "posthog.compression=none", "posthog.flush-at=1000", "posthog.flush-interval=1h")
                .run(context -> {
                    ConfigurableApplicationContext source =
                            (ConfigurableApplicationContext) context.getSourceApplicationContext();
                    PostHogClient client = context.getBean(PostHogClient.class);
                    client.capture("user-1", "before pause");

                    source.pause();
                    assertThat(context.getBean(PostHogShutdownLifecycle.class).isRunning()).isTrue();
                    source.restart();

                    assertThat(client.capture("user-1", "after restart")).isNotNull();
                    assertThat(client.flush().sent()).isEqualTo(2);
                    assertThat(posthog.eventNames()).containsExactly("before pause", "after restart");
                    assertThat(client.stats().dropped(DropReason.SHUTDOWN)).isZero();

                    client.capture("user-1", "pending at close");
                });
        assertThat(posthog.eventNames()).containsExactly("before pause", "after restart", "pending at close");
    }
}
