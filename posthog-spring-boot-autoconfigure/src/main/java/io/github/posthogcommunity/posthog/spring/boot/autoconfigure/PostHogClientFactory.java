package io.github.posthogcommunity.posthog.spring.boot.autoconfigure;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.PostHogClientBuilder;
import io.github.posthogcommunity.posthog.PostHogContext;
import io.github.posthogcommunity.posthog.http.HttpTransport;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Creates the auto-configured client: applies the validated properties, reads the ambient identity from
 * {@link PostHogContext}, then applies the HTTP transport bean and the customizers. Without an API key (or with {@code posthog.enabled=false}) it logs one INFO line and returns a
 * disabled client, which accepts every call and sends nothing.
 */
final class PostHogClientFactory {

    private static final Log LOG = LogFactory.getLog(PostHogClientFactory.class);

    private final PostHogProperties properties;

    PostHogClientFactory(PostHogProperties properties) {
        this.properties = properties;
    }

    PostHogClient create(HttpTransport transport, List<PostHogClientCustomizer> customizers) {
        return create(transport, customizers, List.of());
    }

    PostHogClient create(HttpTransport transport, List<PostHogClientCustomizer> customizers,
                         List<PostHogSuperPropertiesCustomizer> superPropertiesCustomizers) {
        boolean active = properties.enabled() && properties.hasApiKey();
        PostHogClientBuilder builder = PostHogClient.builder(active ? properties.apiKey() : null);
        PostHogPropertiesMapper.apply(properties, builder);
        Map<String, Object> superProperties = new LinkedHashMap<>(properties.superProperties());
        superPropertiesCustomizers.forEach(customizer -> customizer.customize(superProperties));
        PostHogPropertiesMapper.applySuperProperties(superProperties, builder);
        if (!active) {
            LOG.info(properties.enabled()
                    ? "PostHog is disabled: posthog.api-key is not set. The PostHogClient accepts calls and sends nothing."
                    : "PostHog is disabled (posthog.enabled=false). The PostHogClient accepts calls and sends nothing.");
            return builder.enabled(false).build();
        }
        if (transport != null) {
            builder.httpTransport(transport);
        }
        customizers.forEach(customizer -> customizer.customize(builder));
        PostHogClient client = builder.build();
        if (LOG.isDebugEnabled()) {
            LOG.debug("PostHog client created: " + properties);
        }
        return client;
    }
}
