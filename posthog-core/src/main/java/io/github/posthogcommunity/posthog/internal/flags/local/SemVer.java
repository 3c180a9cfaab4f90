package io.github.posthogcommunity.posthog.internal.flags.local;

/**
 * The lenient semantic-version reading of PostHog's {@code semver_*} operators: surrounding whitespace and a
 * {@code v} prefix are ignored, so is everything from the first {@code -} or {@code +}; only the first three
 * dot-separated parts are read and missing ones count as 0. A part that is not all digits, or has a leading
 * zero, makes the version invalid. Methods return {@code null} for an invalid version.
 */
final class SemVer {

    private SemVer() {
    }

    static long[] parse(String raw) {
        String text = stripPrefix(raw.strip());
        int cut = text.indexOf('-');
        if (cut >= 0) {
            text = text.substring(0, cut);
        }
        cut = text.indexOf('+');
        if (cut >= 0) {
            text = text.substring(0, cut);
        }
        if (text.isEmpty() || text.startsWith(".")) {
            return null;
        }
        String[] parts = text.split("\\.", -1);
        long[] out = new long[3];
        for (int i = 0; i < 3; i++) {
            if (i >= parts.length || parts[i].isEmpty()) {
                out[i] = 0;
                continue;
            }
            long n = numericIdentifier(parts[i]);
            if (n < 0) {
                return null;
            }
            out[i] = n;
        }
        return out;
    }

    /** {@code ~1.2.3}: at least 1.2.3, below 1.3.0. Returns {lower, upper}. */
    static long[][] tildeBounds(String raw) {
        long[] v = parse(raw);
        if (v == null) {
            return null;
        }
        return new long[][] {v, {v[0], v[1] + 1, 0}};
    }

    /** {@code ^1.2.3}: below the next version that changes the left-most non-zero part. */
    static long[][] caretBounds(String raw) {
        long[] v = parse(raw);
        if (v == null) {
            return null;
        }
        long[] upper;
        if (v[0] > 0) {
            upper = new long[] {v[0] + 1, 0, 0};
        } else if (v[1] > 0) {
            upper = new long[] {0, v[1] + 1, 0};
        } else {
            upper = new long[] {0, 0, v[2] + 1};
        }
        return new long[][] {v, upper};
    }

    /** {@code 1.2.*} is [1.2.0, 1.3.0); {@code 1.*} (or {@code 1}) is [1.0.0, 2.0.0). */
    static long[][] wildcardBounds(String raw) {
        String text = stripPrefix(raw.strip());
        if (text.endsWith(".*")) {
            text = text.substring(0, text.length() - 2);
        } else if (text.endsWith("*")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.isEmpty()) {
            return null;
        }
        String[] parts = text.split("\\.", -1);
        long major = numericIdentifier(parts[0]);
        if (major < 0) {
            return null;
        }
        if (parts.length == 1) {
            return new long[][] {{major, 0, 0}, {major + 1, 0, 0}};
        }
        long minor = numericIdentifier(parts[1]);
        if (minor < 0) {
            return null;
        }
        return new long[][] {{major, minor, 0}, {major, minor + 1, 0}};
    }

    static int compare(long[] a, long[] b) {
        for (int i = 0; i < 3; i++) {
            int c = Long.compare(a[i], b[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static String stripPrefix(String text) {
        return !text.isEmpty() && (text.charAt(0) == 'v' || text.charAt(0) == 'V') ? text.substring(1) : text;
    }

    /** The value of an all-digit part without a leading zero, or -1. */
    private static long numericIdentifier(String part) {
        if (part.isEmpty() || part.length() > 18 || (part.length() > 1 && part.charAt(0) == '0')) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
