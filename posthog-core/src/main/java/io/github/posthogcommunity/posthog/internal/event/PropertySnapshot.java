package io.github.posthogcommunity.posthog.internal.event;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Deep-copies caller properties on the capturing thread, so that what is sent is what was captured, and reduces
 * every value to a JSON-ready type: {@code null}, {@link String}, {@link Boolean}, {@link Long}/{@link Integer}
 * (and other integral boxes), finite {@link Double}/{@link Float}, {@link BigDecimal}, {@link BigInteger},
 * {@code Map<String, Object>} and {@code List<Object>}.
 *
 * <p>Rules: map keys become strings ({@code String.valueOf}); NaN and infinities become {@code null}; arrays and
 * {@link Collection}s become lists (other iterables are not walked, as they may be one-shot or endless: they follow
 * the {@code toString()} rule); {@link Optional} is unwrapped; dates and times become ISO-8601 strings;
 * enums their name; anything else its {@code toString()} (a throwing {@code toString()} becomes a placeholder).
 * Nesting deeper than {@link #MAX_DEPTH} (which also catches cycles) makes the event invalid.
 */
final class PropertySnapshot {

    /** The deepest nesting of maps and lists accepted. */
    static final int MAX_DEPTH = 64;

    private PropertySnapshot() {
    }

    /** A mutable copy (the factory may add keys to it); {@code source} may be {@code null}. */
    static LinkedHashMap<String, Object> copyMap(Map<?, ?> source) throws InvalidEventException {
        LinkedHashMap<String, Object> copy = new LinkedHashMap<>(source == null ? 8 : capacityFor(source.size() + 4));
        if (source != null) {
            copyEntries(source, copy, 1);
        }
        return copy;
    }

    /** The JSON-ready copy of one value. */
    static Object copyValue(Object value) throws InvalidEventException {
        return copy(value, 1);
    }

    private static void copyEntries(Map<?, ?> source, Map<String, Object> target, int depth)
            throws InvalidEventException {
        try {
            for (Map.Entry<?, ?> e : source.entrySet()) {
                target.put(String.valueOf(e.getKey()), copy(e.getValue(), depth));
            }
        } catch (RuntimeException concurrentOrBroken) {
            throw new InvalidEventException("properties could not be read: " + concurrentOrBroken.getClass().getName());
        }
    }

    private static Object copy(Object value, int depth) throws InvalidEventException {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Number number) {
            return copyNumber(number);
        }
        if (depth > MAX_DEPTH) {
            throw new InvalidEventException("properties nested deeper than " + MAX_DEPTH + " levels (or cyclic)");
        }
        if (value instanceof Map<?, ?> map) {
            LinkedHashMap<String, Object> copy = new LinkedHashMap<>(capacityFor(map.size()));
            copyEntries(map, copy, depth + 1);
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof Collection<?> collection) {
            List<Object> copy = new ArrayList<>(collection.size());
            try {
                for (Object item : collection) {
                    copy.add(copy(item, depth + 1));
                }
            } catch (RuntimeException concurrentOrBroken) {
                throw new InvalidEventException("a property collection could not be read: "
                        + concurrentOrBroken.getClass().getName());
            }
            return Collections.unmodifiableList(copy);
        }
        if (value.getClass().isArray()) {
            int length = Array.getLength(value);
            List<Object> copy = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                copy.add(copy(Array.get(value, i), depth + 1));
            }
            return Collections.unmodifiableList(copy);
        }
        if (value instanceof Optional<?> optional) {
            return optional.isPresent() ? copy(optional.get(), depth + 1) : null;
        }
        return scalar(value);
    }

    private static Object copyNumber(Number number) {
        if (number instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? null : d;
        }
        if (number instanceof Float f) {
            return f.isNaN() || f.isInfinite() ? null : f;
        }
        if (number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte
                || number instanceof BigDecimal || number instanceof BigInteger) {
            return number;
        }
        // AtomicLong, LongAdder, DoubleAccumulator, user Number types: freeze the value now.
        double asDouble = number.doubleValue();
        long asLong = number.longValue();
        if (asDouble == (double) asLong) {
            return asLong;
        }
        return Double.isNaN(asDouble) || Double.isInfinite(asDouble) ? null : asDouble;
    }

    private static Object scalar(Object value) {
        if (value instanceof CharSequence || value instanceof Character || value instanceof UUID) {
            return value.toString();
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof Instant instant) {
            return instant.toString();
        }
        if (value instanceof Date date) {
            return date.toInstant().toString();
        }
        if (value instanceof TemporalAccessor temporal) {
            return temporal.toString();
        }
        try {
            return String.valueOf(value);
        } catch (RuntimeException | StackOverflowError broken) {
            return "<unprintable " + value.getClass().getName() + ">";
        }
    }

    private static int capacityFor(int size) {
        return size < 3 ? 4 : (int) (size / 0.75f) + 1;
    }
}
