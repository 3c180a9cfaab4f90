package io.github.posthogcommunity.posthog.internal.flags.local;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The few Python value semantics the reference evaluator relies on: {@code str()}, {@code str.casefold()},
 * {@code float(str)} and code-point string ordering.
 */
final class PyValues {

    private static final Pattern PY_FLOAT = Pattern.compile(
            "[+-]?(?:\\d(?:_?\\d)*(?:\\.(?:\\d(?:_?\\d)*)?)?|\\.\\d(?:_?\\d)*)(?:[eE][+-]?\\d(?:_?\\d)*)?");

    private PyValues() {
    }

    /** Python's {@code str(value)} for JSON-like values ({@code None}, {@code True}, {@code 1.0}, ...). */
    static String str(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (value instanceof Double || value instanceof Float) {
            return floatRepr(((Number) value).doubleValue());
        }
        if (value instanceof BigDecimal bd) {
            return floatRepr(bd.doubleValue());
        }
        if (value instanceof Number n) {
            return n.toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                sb.append(repr(list.get(i)));
            }
            return sb.append(']').toString();
        }
        if (value instanceof Map<?, ?> map) {
            StringBuilder sb = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                sb.append(repr(e.getKey())).append(": ").append(repr(e.getValue()));
            }
            return sb.append('}').toString();
        }
        return value.toString();
    }

    private static String repr(Object value) {
        return value instanceof String s ? "'" + s + "'" : str(value);
    }

    private static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        double abs = Math.abs(d);
        if (abs == 0 || (abs >= 1e-4 && abs < 1e16)) {
            String s = Double.toString(d);
            if (s.indexOf('E') < 0) {
                return s;
            }
            String plain = new BigDecimal(s).stripTrailingZeros().toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        // Python switches to exponent notation: 1e+16, 1.5e-05
        String s = Double.toString(d).replace("E", "e");
        int e = s.indexOf('e');
        String mantissa = s.substring(0, e);
        if (mantissa.endsWith(".0")) {
            mantissa = mantissa.substring(0, mantissa.length() - 2);
        }
        int exp = Integer.parseInt(s.substring(e + 1));
        return mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }

    /**
     * Python's {@code str.casefold()}, approximated by upper-casing then lower-casing with the root locale: this
     * folds {@code ß} to {@code ss} and {@code ſ} to {@code s} like full case folding does. ASCII takes a fast
     * path.
     */
    static String casefold(String s) {
        boolean ascii = true;
        boolean lower = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                ascii = false;
                break;
            }
            if (c >= 'A' && c <= 'Z') {
                lower = false;
            }
        }
        if (ascii) {
            return lower ? s : s.toLowerCase(Locale.ROOT);
        }
        return s.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }

    /** Python's {@code float(value)}, or {@code null} where Python raises. */
    static Double toFloat(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (!(value instanceof String raw)) {
            return null;
        }
        String s = raw.strip();
        if (s.isEmpty()) {
            return null;
        }
        String lower = s.toLowerCase(Locale.ROOT);
        String unsigned = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
        if (unsigned.equals("inf") || unsigned.equals("infinity")) {
            return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (unsigned.equals("nan")) {
            return Double.NaN;
        }
        // Python accepts digits with single underscores between them, and no Java suffixes (d, f) or hex.
        if (!PY_FLOAT.matcher(s).matches()) {
            return null;
        }
        try {
            return Double.parseDouble(s.replace("_", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Python's string ordering: by code point, not by UTF-16 unit. */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    /** Numeric comparison of a Python number with a float: exact for integers beyond 2^53. */
    static int compareNumbers(Number lhs, double rhs) {
        if (lhs instanceof Long || lhs instanceof Integer || lhs instanceof Short || lhs instanceof Byte
                || lhs instanceof BigInteger) {
            if (Double.isNaN(rhs)) {
                return 2; // every comparison with NaN is false
            }
            if (Double.isInfinite(rhs)) {
                return rhs > 0 ? -1 : 1;
            }
            if (!(lhs instanceof BigInteger)) {
                long l = lhs.longValue();
                if (Math.abs(l) < (1L << 53)) {
                    return Double.compare((double) l, rhs == 0.0 ? 0.0 : rhs); // exact as a double
                }
            }
            BigDecimal left = lhs instanceof BigInteger bi ? new BigDecimal(bi) : BigDecimal.valueOf(lhs.longValue());
            return left.compareTo(new BigDecimal(rhs));
        }
        double l = lhs.doubleValue();
        if (Double.isNaN(l) || Double.isNaN(rhs)) {
            return 2;
        }
        return Double.compare(l == 0.0 ? 0.0 : l, rhs == 0.0 ? 0.0 : rhs);
    }
}
