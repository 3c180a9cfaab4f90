package io.github.posthogcommunity.posthog.benchmarks.e2e;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** One case's figures: a flat, ordered map of strings, numbers, booleans and nulls, written as one JSON line. */
final class Result {

    final Map<String, Object> values = new LinkedHashMap<>();

    Result put(String key, Object value) {
        values.put(key, value);
        return this;
    }

    Object get(String key) {
        return values.get(key);
    }

    String string(String key) {
        Object v = values.get(key);
        return v == null ? null : v.toString();
    }

    /** The number under {@code key}, or {@code null}. */
    Double number(String key) {
        Object v = values.get(key);
        return v instanceof Number n ? n.doubleValue() : null;
    }

    String toJson() {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            quote(sb, e.getKey());
            sb.append(':');
            Object v = e.getValue();
            if (v == null) {
                sb.append("null");
            } else if (v instanceof Double d) {
                sb.append(d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.3f", d));
            } else if (v instanceof Number || v instanceof Boolean) {
                sb.append(v);
            } else {
                quote(sb, v.toString());
            }
        }
        return sb.append('}').toString();
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** Parses a line written by {@link #toJson()} (flat object; numbers become Long or Double). */
    static Result parse(String json) {
        Result r = new Result();
        int[] pos = {0};
        String s = json.trim();
        expect(s, pos, '{');
        skipWs(s, pos);
        if (s.charAt(pos[0]) == '}') {
            return r;
        }
        while (true) {
            skipWs(s, pos);
            String key = readString(s, pos);
            skipWs(s, pos);
            expect(s, pos, ':');
            skipWs(s, pos);
            r.put(key, readValue(s, pos));
            skipWs(s, pos);
            char c = s.charAt(pos[0]++);
            if (c == '}') {
                return r;
            }
            if (c != ',') {
                throw new IllegalArgumentException("bad JSON at " + pos[0] + ": " + json);
            }
        }
    }

    private static Object readValue(String s, int[] pos) {
        char c = s.charAt(pos[0]);
        if (c == '"') {
            return readString(s, pos);
        }
        int start = pos[0];
        while (pos[0] < s.length() && ",}".indexOf(s.charAt(pos[0])) < 0 && !Character.isWhitespace(s.charAt(pos[0]))) {
            pos[0]++;
        }
        String token = s.substring(start, pos[0]);
        return switch (token) {
            case "null" -> null;
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> token.contains(".") || token.contains("e") || token.contains("E")
                    ? (Object) Double.parseDouble(token) : (Object) Long.parseLong(token);
        };
    }

    private static String readString(String s, int[] pos) {
        expect(s, pos, '"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = s.charAt(pos[0]++);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                char e = s.charAt(pos[0]++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        sb.append((char) Integer.parseInt(s.substring(pos[0], pos[0] + 4), 16));
                        pos[0] += 4;
                    }
                    default -> sb.append(e);
                }
            } else {
                sb.append(c);
            }
        }
    }

    private static void expect(String s, int[] pos, char c) {
        if (s.charAt(pos[0]) != c) {
            throw new IllegalArgumentException("expected '" + c + "' at " + pos[0] + " in " + s);
        }
        pos[0]++;
    }

    private static void skipWs(String s, int[] pos) {
        while (pos[0] < s.length() && Character.isWhitespace(s.charAt(pos[0]))) {
            pos[0]++;
        }
    }
}
