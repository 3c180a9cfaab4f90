package io.github.posthogcommunity.posthog.spring.boot.autoconfigure;

/**
 * Masking of secrets for anything a person may read (logs, {@code toString()}, actuator output). Shows at most the
 * well-known key prefix ({@code phc_****}, {@code phx_****}), never a character of the secret part.
 */
final class Secrets {

    private static final String[] KNOWN_PREFIXES = {"phc_", "phx_", "phs_"};

    private Secrets() {
    }

    static String mask(String secret) {
        if (secret == null || secret.isBlank()) {
            return "<none>";
        }
        for (String prefix : KNOWN_PREFIXES) {
            if (secret.startsWith(prefix) && secret.length() > prefix.length() + 8) {
                return prefix + "****";
            }
        }
        return "****";
    }
}
