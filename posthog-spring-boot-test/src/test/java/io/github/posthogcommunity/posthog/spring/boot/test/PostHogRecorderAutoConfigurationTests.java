package io.github.posthogcommunity.posthog.spring.boot.test;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.http.HttpTransport;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PostHogRecorderAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(PostHogAutoConfiguration.class, PostHogRecorderAutoConfiguration.class));

    @Test
    void inactiveUnlessEnabled() {
        runner.withPropertyValues("posthog.api-key=phc_x").run(context -> {
            assertThat(context).doesNotHaveBean(PostHogRecorder.class);
            assertThat(context).doesNotHaveBean(HttpTransport.class);
        });
    }

    @Test
    void thePropertyAloneActivatesItAndTheClientUsesItsTransport() {
        runner.withPropertyValues("posthog.api-key=phc_x", "posthog.test.recorder.enabled=true").run(context -> {
            PostHogRecorder recorder = context.getBean(PostHogRecorder.class);
            context.getBean(PostHogClient.class).capture("u1", "tested", Map.of("n", 1));

            recorder.events().singleElement().hasName("tested").hasProperty("n", 1L);
        });
    }

    @Test
    void itWinsOverAnHttpTransportOfTheApplication() {
        HttpTransport failing = request -> {
            throw new AssertionError("the application's transport must not be used in the test");
        };
        runner.withPropertyValues("posthog.api-key=phc_x", "posthog.test.recorder.enabled=true")
                .withBean("appTransport", HttpTransport.class, () -> failing)
                .run(context -> {
                    context.getBean(PostHogClient.class).capture("u1", "tested", Map.of());
                    context.getBean(PostHogRecorder.class).events().hasSize(1);
                });
    }

    @Test
    void worksWithCaptureV1AndEveryCompression() {
        for (String compression : new String[] {"none", "gzip", "deflate"}) {
            runner.withPropertyValues("posthog.api-key=phc_x", "posthog.test.recorder.enabled=true",
                    "posthog.capture-protocol=v1", "posthog.compression=" + compression).run(context -> {
                        context.getBean(PostHogClient.class).capture("u1", "over v1", Map.of("k", "v"));

                        context.getBean(PostHogRecorder.class).events().as(compression).singleElement()
                                .hasName("over v1").hasDistinctId("u1").hasProperty("k", "v")
                                .extracting(RecordedEvent::endpoint).isEqualTo("/i/v1/analytics/events");
                    });
        }
    }
}
