package io.github.posthogcommunity.posthog.internal;

/** Masking of secrets for anything a person may read (logs, toString, actuator output). */
public final class Secrets {

    private Secrets() {
    }

    /** Shows at most the first four characters of a key ({@code phc_****}), or {@code <none>}. */
    public static String mask(String secret) {
        if (secret == null || secret.isEmpty()) {
            return "<none>";
        }
        return secret.length() <= 8 ? "****" : secret.substring(0, 4) + "****";
    }
}
