/** OpenFeature: the PostHog provider as the OpenFeature API's default provider. */
@NullMarked
package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.openfeature;

import org.jspecify.annotations.NullMarked;
