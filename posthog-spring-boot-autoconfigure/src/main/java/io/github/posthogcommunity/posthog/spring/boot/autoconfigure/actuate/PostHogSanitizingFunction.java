package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.actuate;

import java.util.Locale;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks the PostHog secrets ({@code posthog.api-key}, {@code posthog.personal-api-key} and every
 * {@code posthog.headers} value) in the {@code env} and {@code configprops} endpoints, also when an application
 * chose to show values there.
 */
final class PostHogSanitizingFunction implements SanitizingFunction {

    @Override
    public SanitizableData apply(SanitizableData data) {
        return isSecret(data.getKey()) ? data.withSanitizedValue() : data;
    }

    static boolean isSecret(String key) {
        if (key == null) {
            return false;
        }
        String k = key.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        return k.equals("posthog.apikey") || k.equals("posthog.personalapikey") || k.startsWith("posthog.headers");
    }
}
