package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.openfeature;

import dev.openfeature.sdk.NoOpProvider;
import dev.openfeature.sdk.OpenFeatureAPI;
import io.github.posthogcommunity.posthog.openfeature.PostHogProvider;

import org.springframework.beans.factory.DisposableBean;

/**
 * Sets the provider as the OpenFeature API's default provider once, when created, and takes it back when the
 * context closes (the client behind it is then shut down) unless another provider replaced it meanwhile.
 */
final class OpenFeatureProviderRegistration implements DisposableBean {

    private final OpenFeatureAPI api;
    private final PostHogProvider provider;

    OpenFeatureProviderRegistration(OpenFeatureAPI api, PostHogProvider provider) {
        this.api = api;
        this.provider = provider;
        api.setProviderAndWait(provider);
    }

    @Override
    public void destroy() {
        if (api.getProvider() == provider) {
            api.setProvider(new NoOpProvider());
        }
    }
}
