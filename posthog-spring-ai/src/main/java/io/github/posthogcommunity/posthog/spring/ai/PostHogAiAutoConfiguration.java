package io.github.posthogcommunity.posthog.spring.ai;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.micrometer.observation.ObservationHandler;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Registers the {@link PostHogAiObservationHandler} when Spring AI and a {@link PostHogClient} bean are present and
 * {@code posthog.ai.enabled} is not {@code false}. Spring Boot adds every {@code ObservationHandler} bean to the
 * application's {@code ObservationRegistry}, which the Spring AI auto-configurations give to the models, the
 * chat clients and the tool-calling manager.
 */
@AutoConfiguration(afterName = "io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogAutoConfiguration")
@ConditionalOnClass({ChatModelObservationContext.class, ObservationHandler.class, PostHogClient.class})
@ConditionalOnBean(PostHogClient.class)
@ConditionalOnBooleanProperty(name = "posthog.ai.enabled", matchIfMissing = true)
@EnableConfigurationProperties(PostHogAiProperties.class)
public class PostHogAiAutoConfiguration {

    /** The handler, built from {@code posthog.ai.*} and the optional {@link AiContentRedactor} bean. */
    @Bean
    @ConditionalOnMissingBean
    public PostHogAiObservationHandler postHogAiObservationHandler(PostHogClient client,
                                                                   PostHogAiProperties properties,
                                                                   ObjectProvider<AiContentRedactor> redactor) {
        return PostHogAiObservationHandler.builder(client)
                .privacyMode(properties.privacyMode())
                .maxContentLength(properties.maxContentLength())
                .redactor(redactor.getIfUnique())
                .build();
    }
}
