package io.github.posthogcommunity.posthog.internal.flags.local;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Date reading for {@code is_date_before} / {@code is_date_after}: relative flag values ({@code -7d}, {@code 1h},
 * {@code 2w}, {@code 3m}, {@code 1y}, counted back from "now") and the date strings PostHog sends or people store:
 * ISO-8601 dates and date-times with {@code T} or a space, optional fraction, optional offset ({@code Z},
 * {@code +02:00}, {@code +0200}, {@code UTC}); a value without an offset is UTC. A bare four-digit value is that
 * year on today's month and day (as Python's {@code dateutil} reads it). Anything else is unparseable.
 */
final class DateValues {

    private static final Pattern RELATIVE = Pattern.compile("^-?([0-9]+)([a-z])$");
    private static final Pattern ABSOLUTE = Pattern.compile(
            "\\s*(\\d{4})-(\\d{1,2})-(\\d{1,2})"
                    + "(?:(?:T|\\s+)(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?)?"
                    + "\\s*(Z|z|UTC|GMT|[+-]\\d{2}(?::?\\d{2})?)?\\s*");
    private static final Pattern YEAR = Pattern.compile("\\s*(\\d{4})\\s*");

    private DateValues() {
    }

    /** A relative flag value as an instant, or {@code null} when the value is not relative. */
    static Instant relative(String value, Instant now) {
        Matcher m = RELATIVE.matcher(value);
        if (!m.matches()) {
            return null;
        }
        String digits = m.group(1);
        if (digits.length() > 5 || Integer.parseInt(digits) >= 10_000) {
            return null;
        }
        int n = Integer.parseInt(digits);
        ZonedDateTime t = now.atZone(ZoneOffset.UTC);
        switch (m.group(2)) {
            case "h":
                return t.minusHours(n).toInstant();
            case "d":
                return t.minusDays(n).toInstant();
            case "w":
                return t.minusWeeks(n).toInstant();
            case "m":
                return t.minusMonths(n).toInstant();
            case "y":
                return t.minusYears(n).toInstant();
            default:
                return null;
        }
    }

    /** An absolute date string as an instant, or {@code null} when it cannot be read. */
    static Instant absolute(String value, Instant now) {
        Matcher m = ABSOLUTE.matcher(value);
        try {
            if (m.matches()) {
                int hour = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
                int minute = m.group(5) == null ? 0 : Integer.parseInt(m.group(5));
                int second = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
                int nanos = 0;
                if (m.group(7) != null) {
                    String frac = (m.group(7) + "000000000").substring(0, 9);
                    nanos = Integer.parseInt(frac);
                }
                LocalDateTime local = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)), hour, minute, second, nanos);
                return local.atOffset(offset(m.group(8))).toInstant();
            }
            Matcher y = YEAR.matcher(value);
            if (y.matches()) {
                LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
                int year = Integer.parseInt(y.group(1));
                LocalDate date = today.withYear(year); // Feb 29 clamps to Feb 28
                return date.atStartOfDay(ZoneOffset.UTC).toInstant();
            }
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
        return null;
    }

    private static ZoneOffset offset(String text) {
        if (text == null || text.equalsIgnoreCase("Z") || text.equals("UTC") || text.equals("GMT")) {
            return ZoneOffset.UTC;
        }
        String digits = text.substring(1).replace(":", "");
        int hours = Integer.parseInt(digits.substring(0, 2));
        int minutes = digits.length() > 2 ? Integer.parseInt(digits.substring(2)) : 0;
        int sign = text.charAt(0) == '-' ? -1 : 1;
        return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
    }

    /** A person value Java callers may pass as a temporal object, as an instant; {@code null} otherwise. */
    static Instant temporal(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof ZonedDateTime z) {
            return z.toInstant();
        }
        if (value instanceof LocalDateTime l) {
            return l.toInstant(ZoneOffset.UTC);
        }
        if (value instanceof java.util.Date d) {
            return d.toInstant();
        }
        return null;
    }
}
