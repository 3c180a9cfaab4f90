package io.github.posthogcommunity.posthog.spring.ai.internal;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random version-4 UUIDs for span and trace ids from {@link ThreadLocalRandom}: ids only need to be unique, and
 * {@link UUID#randomUUID()} would take the shared {@code SecureRandom} on the thread of every model call.
 */
final class Ids {

    private Ids() {
    }

    static String random() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long most = (random.nextLong() & 0xFFFFFFFFFFFF0FFFL) | 0x0000000000004000L;
        long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least).toString();
    }
}
