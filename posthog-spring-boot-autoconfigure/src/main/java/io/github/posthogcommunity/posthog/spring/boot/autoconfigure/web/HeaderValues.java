package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.web;

import org.jspecify.annotations.Nullable;

/** Cleans identity header values: control characters stripped, trimmed, capped; nothing left means absent. */
final class HeaderValues {

    /** The longest distinct id or session id taken from a header. */
    static final int MAX_LENGTH = 1000;

    private HeaderValues() {
    }

    static @Nullable String clean(@Nullable String raw) {
        if (raw == null) {
            return null;
        }
        StringBuilder kept = new StringBuilder(Math.min(raw.length(), MAX_LENGTH + 16));
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (!Character.isISOControl(c)) {
                kept.append(c);
            }
        }
        String value = kept.toString().strip();
        if (value.length() > MAX_LENGTH) {
            value = value.substring(0, Character.isHighSurrogate(value.charAt(MAX_LENGTH - 1)) ? MAX_LENGTH - 1
                    : MAX_LENGTH).strip();
        }
        return value.isEmpty() ? null : value;
    }
}
