package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.openfeature;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code posthog.openfeature.*} configuration, used when the OpenFeature SDK and {@code posthog-openfeature}
 * are on the class path.
 *
 * @param enabled Whether the PostHog provider is auto-configured and set as the OpenFeature API's default provider.
 */
@ConfigurationProperties(PostHogOpenFeatureProperties.PREFIX)
public record PostHogOpenFeatureProperties(@DefaultValue("true") boolean enabled) {

    /** The prefix of these properties. */
    public static final String PREFIX = "posthog.openfeature";
}
