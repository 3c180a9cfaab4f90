package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.actuate;

import java.util.Locale;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks the PostHog secrets ({@code posthog.api-key}, {@code posthog.personal-api-key} and every
 * {@code posthog.headers} value) in the {@code env} and {@code configprops} endpoints, also when an application
 * chose to show values there. Every relaxed-binding form of those names is recognized: properties
 * ({@code posthog.api-key}, {@code posthog.apiKey}, {@code posthog.headers[X-Token]}), environment variables
 * ({@code POSTHOG_API_KEY}, {@code POSTHOG_HEADERS_X_TOKEN}) and system properties. A {@code spring.application.json} ({@code SPRING_APPLICATION_JSON})
 * value that mentions PostHog is masked whole, as it may carry any of them.
 */
final class PostHogSanitizingFunction implements SanitizingFunction {

    private static final String PREFIX = "posthog";

    @Override
    public SanitizableData apply(SanitizableData data) {
        if (isSecret(data.getKey()) || isJsonWithPostHogSettings(data)) {
            return data.withSanitizedValue();
        }
        return data;
    }

    /** Whether this key, in any relaxed-binding form, names a PostHog secret. */
    static boolean isSecret(String key) {
        if (key == null) {
            return false;
        }
        String k = canonical(key);
        return k.equals(PREFIX + "apikey") || k.equals(PREFIX + "personalapikey")
                || k.startsWith(PREFIX + "headers");
    }

    /** A {@code spring.application.json} value (any relaxed form) that mentions PostHog may carry a secret. */
    private static boolean isJsonWithPostHogSettings(SanitizableData data) {
        String key = canonical(data.getKey() == null ? "" : data.getKey());
        if (!key.equals("springapplicationjson")) {
            return false;
        }
        Object value = data.getValue();
        return value != null && value.toString().toLowerCase(Locale.ROOT).contains(PREFIX);
    }

    /** Lower case, without the separators relaxed binding ignores ({@code . - _ [ ]}). */
    private static String canonical(String key) {
        StringBuilder out = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c != '.' && c != '-' && c != '_' && c != '[' && c != ']') {
                out.append(Character.toLowerCase(c));
            }
        }
        return out.toString();
    }
}
