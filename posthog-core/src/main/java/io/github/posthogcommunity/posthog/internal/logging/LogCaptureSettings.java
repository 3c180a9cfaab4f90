package io.github.posthogcommunity.posthog.internal.logging;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * What a logging appender sends: the {@code $exception_source} naming the framework, which MDC keys become
 * properties, which MDC key holds a distinct id, and the rate limit per exception type.
 *
 * @param source the value of {@code $exception_source}, e.g. {@code logback}
 * @param mdcKeys the MDC keys sent as properties; empty sends every key that is not excluded
 * @param excludedMdcKeys MDC keys never sent, besides the secret-looking ones that are never sent anyway
 * @param distinctIdMdcKey the MDC key whose value is the distinct id when there is no ambient identity, or
 *                         {@code null}
 * @param maxPerType at most this many events per exception type (or, for messages without a throwable, per
 *                   logger) and window; 0 sends none
 * @param window the length of the rate-limit window, positive
 */
public record LogCaptureSettings(String source, Set<String> mdcKeys, Set<String> excludedMdcKeys,
                                 @Nullable String distinctIdMdcKey, int maxPerType, Duration window) {

    /** Ten per type and minute, as the web exception capture. */
    public static final int DEFAULT_MAX_PER_TYPE = 10;
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);

    /** Trims the keys, drops blank ones and rejects values that cannot work. */
    public LogCaptureSettings {
        mdcKeys = clean(mdcKeys);
        excludedMdcKeys = clean(excludedMdcKeys);
        distinctIdMdcKey = distinctIdMdcKey == null || distinctIdMdcKey.isBlank() ? null : distinctIdMdcKey.trim();
        if (maxPerType < 0) {
            throw new IllegalArgumentException("maxPerType must be >= 0, was " + maxPerType);
        }
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
    }

    /** The defaults with this source: every non-secret MDC key, no distinct-id key, 10 per type and minute. */
    public static LogCaptureSettings defaults(String source) {
        return new LogCaptureSettings(source, Set.of(), Set.of(), null, DEFAULT_MAX_PER_TYPE, DEFAULT_WINDOW);
    }

    /** Splits a comma-separated list, as logging configuration files give it. */
    public static Set<String> split(@Nullable String commaSeparated) {
        if (commaSeparated == null) {
            return Set.of();
        }
        return clean(List.of(commaSeparated.split(",")));
    }

    private static Set<String> clean(java.util.@Nullable Collection<String> keys) {
        if (keys == null) {
            return Set.of();
        }
        return keys.stream().filter(k -> k != null && !k.isBlank()).map(String::trim)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Lower case without separators, the form secret detection compares. */
    static String normalize(String key) {
        StringBuilder out = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c != '-' && c != '_' && c != '.' && c != ' ') {
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
