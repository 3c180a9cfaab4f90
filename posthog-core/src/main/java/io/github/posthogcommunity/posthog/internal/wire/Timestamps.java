package io.github.posthogcommunity.posthog.internal.wire;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** RFC 3339 UTC timestamps as the wire formats want them. */
public final class Timestamps {

    private Timestamps() {
    }

    /** The same instant in UTC ({@code Z}), always with a fraction: 3, 6 or 9 digits as the instant needs. */
    public static String event(Instant instant) {
        String text = DateTimeFormatter.ISO_INSTANT.format(instant);
        if (instant.getNano() == 0) {
            return text.substring(0, text.length() - 1) + ".000Z";
        }
        return text;
    }

    /** UTC with exactly millisecond precision, for request stamps ({@code sent_at}, {@code PostHog-Request-Timestamp}). */
    public static String millis(Instant instant) {
        return event(instant.truncatedTo(ChronoUnit.MILLIS));
    }
}
