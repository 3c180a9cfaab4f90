package io.github.posthogcommunity.posthog.spring.boot.test;

import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.util.Objects;

/** Equality of an expected value with one read back from JSON, where 42, 42L and 42.0 are the same number. */
final class Values {

    private Values() {
    }

    static boolean same(@Nullable Object expected, @Nullable Object actual) {
        if (expected instanceof Number e && actual instanceof Number a) {
            BigDecimal x = decimal(e);
            BigDecimal y = decimal(a);
            return x != null && y != null ? x.compareTo(y) == 0 : e.equals(a);
        }
        if (expected instanceof Character c) {
            return String.valueOf(c).equals(actual);
        }
        if (expected instanceof Enum<?> e) {
            return e.name().equals(actual);
        }
        return Objects.equals(expected, actual);
    }

    private static @Nullable BigDecimal decimal(Number n) {
        try {
            return new BigDecimal(n.toString());
        } catch (NumberFormatException nanOrInfinite) {
            return null;
        }
    }
}
