package io.github.posthogcommunity.posthog.spring.ai;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code posthog.ai.*} configuration of the Spring AI integration.
 *
 * @param enabled Whether Spring AI chat, embedding and tool calls are captured as PostHog LLM-analytics events.
 * @param privacyMode Whether content is left out: no inputs, outputs, tool arguments, tool results nor tool
 *        definitions, only metadata (model, tokens, latency, errors, trace structure).
 * @param maxContentLength Most characters of content (messages, tool arguments and results, embedding inputs) one
 *        event carries; longer content is cut with a marker saying how much was removed, and the event is still sent.
 */
@ConfigurationProperties("posthog.ai")
public record PostHogAiProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("false") boolean privacyMode,
        @DefaultValue("100000") int maxContentLength) {

    /** Rejects a negative content cap. */
    public PostHogAiProperties {
        if (maxContentLength < 0) {
            throw new IllegalArgumentException("posthog.ai.max-content-length must be >= 0, was " + maxContentLength);
        }
    }
}
