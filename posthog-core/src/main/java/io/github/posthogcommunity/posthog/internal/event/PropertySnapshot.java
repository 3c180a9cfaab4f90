package io.github.posthogcommunity.posthog.internal.event;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Base64;
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
 * <p>Rules: map keys become strings ({@code String.valueOf}); NaN and infinities become {@code null};
 * {@code byte[]} becomes a base64 string (standard alphabet, padded, as JSON libraries write it); other arrays and
 * {@link Collection}s become lists (other iterables are not walked, as they may be one-shot or endless: they follow
 * the {@code toString()} rule); {@link Optional} is unwrapped; dates and times become ISO-8601 strings; enums their
 * name; anything else its {@code toString()} (a throwing {@code toString()} becomes a placeholder).
 * Nesting deeper than {@link #MAX_DEPTH} (which also catches cycles) makes the event invalid. A JDK immutable list
 * or map ({@code List.of}, {@code Map.of}, {@code List.copyOf}, {@code Stream.toList()}) whose values would all be
 * kept as they are (and, for a map, whose keys are strings) is shared rather than copied: nothing can change it, and
 * the copy would only cost the caller time and garbage. It is charged as its copy would be.
 *
 * <p>Budget: one instance copies the properties of one event and charges every value the fewest bytes it can take
 * serialized (a string its length plus quotes, a number one byte, a map entry its key plus punctuation, at least
 * one byte per node). Once the charge passes {@link EventRecord#MAX_ENCODED_BYTES} the event could not be sent
 * anyway, so the copy stops there ({@code too_large}): the work done on the caller's thread is bounded by the cap,
 * whatever the input (a map of millions of entries, a DAG of shared sub-maps that unfolds into millions of
 * nodes, a large {@code byte[]}). A container whose reported size alone cannot fit is refused before it is read.
 * Not thread-safe: one instance per capture.
 */
final class PropertySnapshot {

    /** The deepest nesting of maps and lists accepted. */
    static final int MAX_DEPTH = 64;

    /** The classes behind {@code List.of}, {@code Map.of} and their {@code copyOf}: see {@link #isJdkImmutable}. */
    private static final Class<?> LIST_12 = List.of(1).getClass();
    private static final Class<?> LIST_N = List.of(1, 2, 3).getClass();
    private static final Class<?> MAP_1 = Map.of(1, 1).getClass();
    private static final Class<?> MAP_N = Map.of(1, 1, 2, 2).getClass();

    private long remaining = EventRecord.MAX_ENCODED_BYTES;

    /** A mutable copy (the factory may add keys to it); {@code source} may be {@code null}. */
    LinkedHashMap<String, Object> copyMap(Map<?, ?> source) throws InvalidEventException {
        int size = source == null ? 0 : source.size();
        charge(1 + 5L * size);
        LinkedHashMap<String, Object> copy = new LinkedHashMap<>(source == null ? 8 : capacityFor(size + 4));
        if (source != null) {
            copyEntries(source, copy, 1);
        }
        return copy;
    }

    /** The bytes still allowed before the copy is refused ({@code too_large}). */
    long remaining() {
        return remaining;
    }

    /** The JSON-ready copy of one value. */
    Object copyValue(Object value) throws InvalidEventException {
        return copy(value, 1);
    }

    private void charge(long bytes) throws InvalidEventException {
        remaining -= bytes;
        if (remaining < 0) {
            throw InvalidEventException.tooLarge("properties are over the " + EventRecord.MAX_ENCODED_BYTES
                    + "-byte cap serialized (counted while copying them)");
        }
    }

    private void copyEntries(Map<?, ?> source, Map<String, Object> target, int depth)
            throws InvalidEventException {
        try {
            for (Map.Entry<?, ?> e : source.entrySet()) {
                String key = String.valueOf(e.getKey());
                // the size check charged 5 bytes per entry ("":0,); charge the key beyond that
                charge(key.length());
                target.put(key, copy(e.getValue(), depth));
            }
        } catch (RuntimeException concurrentOrBroken) {
            throw new InvalidEventException("properties could not be read: " + concurrentOrBroken.getClass().getName());
        }
    }

    /**
     * The container charged one byte for this value (and one for its separator); this charges the rest of the
     * value's fewest serialized bytes.
     */
    private Object copy(Object value, int depth) throws InvalidEventException {
        long kept = keptCharge(value);
        if (kept >= 0) {
            charge(kept);
            return value;
        }
        if (value instanceof Number number) {
            return copyNumber(number);
        }
        if (depth > MAX_DEPTH) {
            throw new InvalidEventException("properties nested deeper than " + MAX_DEPTH + " levels (or cyclic)");
        }
        if (value instanceof Map<?, ?> map) {
            int size = map.size();
            charge(5L * size);
            if (isJdkImmutable(map.getClass())) {
                long shared = sharedCharge(map);
                if (shared >= 0) {
                    charge(shared);
                    return map;
                }
            }
            LinkedHashMap<String, Object> copy = new LinkedHashMap<>(capacityFor(size));
            copyEntries(map, copy, depth + 1);
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof Collection<?> collection) {
            int size = collection.size();
            charge(2L * size);
            if (isJdkImmutable(collection.getClass())) {
                long shared = sharedCharge(collection);
                if (shared >= 0) {
                    charge(shared);
                    return collection;
                }
            }
            List<Object> copy = new ArrayList<>(size);
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
        if (value instanceof byte[] bytes) {
            long encoded = 4L * ((bytes.length + 2L) / 3);
            charge(1 + encoded);
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value.getClass().isArray()) {
            int length = Array.getLength(value);
            charge(2L * length);
            List<Object> copy = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                copy.add(copy(Array.get(value, i), depth + 1));
            }
            return Collections.unmodifiableList(copy);
        }
        if (value instanceof Optional<?> optional) {
            return optional.isPresent() ? copy(optional.get(), depth + 1) : null;
        }
        String text = scalar(value);
        charge(1 + text.length());
        return text;
    }

    /**
     * {@code true} for the JDK's own immutable lists and maps ({@code List.of}, {@code Map.of}, {@code List.copyOf},
     * {@code Stream.toList()}): nothing can change their contents, so one that holds only values the copy keeps as
     * they are is shared instead of copied (see {@link #sharedCharge}).
     */
    private static boolean isJdkImmutable(Class<?> type) {
        return type == LIST_12 || type == LIST_N || type == MAP_1 || type == MAP_N;
    }

    /**
     * What copying an immutable map would charge beyond its entries, when every key is a {@link String} and every
     * value one the copy keeps as it is ({@link #keptCharge}); {@code -1} otherwise: the map is copied. Stops as
     * soon as the charge is over what remains, as the copy would.
     */
    private long sharedCharge(Map<?, ?> map) {
        long charge = 0;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            long value = keptCharge(e.getValue());
            if (!(e.getKey() instanceof String key) || value < 0) {
                return -1;
            }
            charge += key.length() + value;
            if (charge > remaining) {
                break;
            }
        }
        return charge;
    }

    /** The same for an immutable list: its values' charge, or {@code -1} when one of them must be copied. */
    private long sharedCharge(Collection<?> collection) {
        long charge = 0;
        for (Object item : collection) {
            long value = keptCharge(item);
            if (value < 0) {
                return -1;
            }
            charge += value;
            if (charge > remaining) {
                break;
            }
        }
        return charge;
    }

    /**
     * The rest of the fewest serialized bytes of a value the copy keeps as it is ({@code null}, a {@link String}, a
     * {@link Boolean}, an integral box, a finite {@link Double} or {@link Float}, a {@link BigDecimal} or
     * {@link BigInteger}; a number is covered by the byte its container charged); {@code -1} for any other value.
     */
    private static long keptCharge(Object value) {
        if (value == null || value instanceof Boolean) {
            return 3;
        }
        if (value instanceof String s) {
            return 1 + s.length();
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof BigDecimal || value instanceof BigInteger) {
            return 0;
        }
        if (value instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? -1 : 0;
        }
        if (value instanceof Float f) {
            return f.isNaN() || f.isInfinite() ? -1 : 0;
        }
        return -1;
    }

    /** A number {@link #keptCharge} does not keep: NaN and infinities become {@code null}, the rest is frozen. */
    private static Object copyNumber(Number number) {
        if (number instanceof Double || number instanceof Float) {
            return null; // only NaN and infinities get here
        }
        // AtomicLong, LongAdder, DoubleAccumulator, user Number types: freeze the value now.
        double asDouble = number.doubleValue();
        long asLong = number.longValue();
        if (asDouble == (double) asLong) {
            return asLong;
        }
        return Double.isNaN(asDouble) || Double.isInfinite(asDouble) ? null : asDouble;
    }

    private static String scalar(Object value) {
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
