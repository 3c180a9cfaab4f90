package io.github.posthogcommunity.posthog.spring.boot.test;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.http.HttpTransport;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Registers the {@link PostHogRecorder} and makes its in-memory transport the one the PostHog client uses, when
 * {@code posthog.test.recorder.enabled=true} (set by {@link AutoConfigurePostHogRecorder}).
 */
@AutoConfiguration(before = PostHogAutoConfiguration.class)
@ConditionalOnProperty(name = "posthog.test.recorder.enabled", havingValue = "true")
public class PostHogRecorderAutoConfiguration {

    /** The recorder; it flushes every {@link PostHogClient} of the context before it answers. */
    @Bean
    @ConditionalOnMissingBean
    PostHogRecorder postHogRecorder(ObjectProvider<PostHogClient> clients) {
        return new PostHogRecorder(() -> clients.orderedStream().forEach(PostHogClient::flush));
    }

    /** Primary, so that it wins over an {@link HttpTransport} bean of the application. */
    @Bean
    @Primary
    HttpTransport postHogRecordingTransport(PostHogRecorder recorder) {
        return recorder.transport();
    }
}
