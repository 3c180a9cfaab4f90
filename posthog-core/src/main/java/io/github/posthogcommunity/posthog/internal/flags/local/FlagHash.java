package io.github.posthogcommunity.posthog.internal.flags.local;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * PostHog's bucketing hash, shared by every PostHog SDK and the server: SHA-1 of
 * {@code "<flag key>.<bucketing value><salt>"} (UTF-8), the first 15 hex digits (60 bits) read as an unsigned
 * integer and divided by {@code (double) 0xFFFFFFFFFFFFFFF}. The result is a double in [0, 1].
 */
final class FlagHash {

    /** Equal to 2^60 once converted to a double, exactly like Python's {@code float(0xFFFFFFFFFFFFFFF)}. */
    private static final double LONG_SCALE = (double) 0xFFFFFFFFFFFFFFFL;

    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every Java platform", e);
        }
    });

    private FlagHash() {
    }

    static double hash(String flagKey, String bucketingValue, String salt) {
        String input = flagKey + '.' + bucketingValue + salt;
        byte[] digest = SHA1.get().digest(input.getBytes(StandardCharsets.UTF_8));
        return toUnitInterval(digest);
    }

    /** The same hash with the flag's {@code "<key>."} bytes prepared once (see {@link #prefix}). */
    static double hash(byte[] keyPrefix, String bucketingValue, byte[] salt) {
        MessageDigest sha1 = SHA1.get();
        sha1.update(keyPrefix);
        sha1.update(String.valueOf(bucketingValue).getBytes(StandardCharsets.UTF_8));
        sha1.update(salt);
        return toUnitInterval(sha1.digest());
    }

    static final byte[] NO_SALT = new byte[0];
    static final byte[] VARIANT_SALT = "variant".getBytes(StandardCharsets.UTF_8);

    static byte[] prefix(String flagKey) {
        return (flagKey + '.').getBytes(StandardCharsets.UTF_8);
    }

    /** The first 15 hex digits of the digest are its first 60 bits: the top 64 bits shifted right by 4. */
    static double toUnitInterval(byte[] digest) {
        long top = 0;
        for (int i = 0; i < 8; i++) {
            top = (top << 8) | (digest[i] & 0xFF);
        }
        long first60 = top >>> 4;
        return (double) first60 / LONG_SCALE;
    }
}
