package io.github.posthogcommunity.posthog.flags.redis;

import io.github.posthogcommunity.posthog.flags.CachedFlagDefinitions;
import io.github.posthogcommunity.posthog.flags.FlagDefinitionsCache;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A {@link FlagDefinitionsCache} on Redis, through Spring Data Redis.
 *
 * <p>Two keys per PostHog project (the prefix, then a hash of the project key, so projects sharing a Redis never
 * mix and the key itself never appears in Redis):
 * <ul>
 *   <li>{@code <prefix><project>:lease}: the fleet-wide lease, {@code SET key <instance id> NX PX <ttl>}. The
 *       holder renews it at each poll (a compare-and-{@code PEXPIRE} Lua script, so it never extends another
 *       instance's lease) and deletes it on shutdown only if it still holds it (compare-and-{@code DEL}). A holder
 *       that dies loses the lease after the TTL.</li>
 *   <li>{@code <prefix><project>:definitions}: a hash with {@code schema_version}, {@code etag}, {@code fetched_at}
 *       (ISO-8601) and {@code definitions} (PostHog's raw JSON), written with one {@code HSET}.</li>
 * </ul>
 * Each call is one or two round trips, bounded by the connection factory's command timeout
 * ({@code spring.data.redis.timeout}); set one well below the poll interval.
 */
public final class RedisFlagDefinitionsCache implements FlagDefinitionsCache {

    /** The default key prefix. */
    public static final String DEFAULT_KEY_PREFIX = "posthog:flags:";

    static final String SCHEMA_VERSION = "schema_version";
    static final String ETAG = "etag";
    static final String FETCHED_AT = "fetched_at";
    static final String DEFINITIONS = "definitions";

    private static final RedisScript<Long> RENEW = RedisScript.of("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('PEXPIRE', KEYS[1], ARGV[2])
            end
            return 0""", Long.class);

    private static final RedisScript<Long> RELEASE = RedisScript.of("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0""", Long.class);

    private final StringRedisTemplate redis;
    private final String leaseKey;
    private final String documentKey;
    private final String instanceId;
    private final Duration leaseTtl;

    /**
     * @param connectionFactory the application's Redis connection factory
     * @param keyPrefix the prefix of both keys, for example {@link #DEFAULT_KEY_PREFIX}
     * @param projectApiKey the PostHog project key; only a hash of it is part of the keys
     * @param leaseTtl how long the lease outlives its holder's last renewal (longer than the poll interval)
     */
    public RedisFlagDefinitionsCache(RedisConnectionFactory connectionFactory, String keyPrefix, String projectApiKey,
                                     Duration leaseTtl) {
        Objects.requireNonNull(connectionFactory, "connectionFactory");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        Objects.requireNonNull(leaseTtl, "leaseTtl");
        if (leaseTtl.toMillis() < 1) {
            throw new IllegalArgumentException("the lease TTL must be at least 1 ms, was " + leaseTtl);
        }
        this.redis = new StringRedisTemplate(connectionFactory);
        String base = keyPrefix + projectHash(projectApiKey == null ? "" : projectApiKey) + ":";
        this.leaseKey = base + "lease";
        this.documentKey = base + "definitions";
        this.instanceId = UUID.randomUUID().toString();
        this.leaseTtl = leaseTtl;
    }

    @Override
    public boolean acquireOrRenewLease() {
        if (Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(leaseKey, instanceId, leaseTtl))) {
            return true;
        }
        Long renewed = redis.execute(RENEW, List.of(leaseKey), instanceId, Long.toString(leaseTtl.toMillis()));
        return renewed != null && renewed == 1L;
    }

    @Override
    public @Nullable CachedFlagDefinitions read() {
        Map<Object, Object> fields = redis.opsForHash().entries(documentKey);
        if (fields.isEmpty()) {
            return null;
        }
        Object json = fields.get(DEFINITIONS);
        int version = parseVersion(fields.get(SCHEMA_VERSION));
        Instant fetchedAt = parseInstant(fields.get(FETCHED_AT));
        if (!(json instanceof String text) || fetchedAt == null) {
            // written by something else: report an unknown version, so the instance fetches by itself
            return new CachedFlagDefinitions(-1, new byte[0], null, Instant.EPOCH);
        }
        Object etag = fields.get(ETAG);
        return new CachedFlagDefinitions(version, text.getBytes(StandardCharsets.UTF_8),
                etag instanceof String s ? s : null, fetchedAt);
    }

    @Override
    public void write(CachedFlagDefinitions definitions) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(SCHEMA_VERSION, Integer.toString(definitions.schemaVersion()));
        fields.put(ETAG, definitions.etag() == null ? "" : definitions.etag());
        fields.put(FETCHED_AT, definitions.fetchedAt().toString());
        fields.put(DEFINITIONS, definitions.jsonText());
        redis.opsForHash().putAll(documentKey, fields);
    }

    @Override
    public void release() {
        redis.execute(RELEASE, List.of(leaseKey), instanceId);
    }

    @Override
    public String name() {
        return "redis";
    }

    /** This instance's lease value (random per cache). */
    public String instanceId() {
        return instanceId;
    }

    /** The lease key. */
    public String leaseKey() {
        return leaseKey;
    }

    /** The key of the definitions document. */
    public String documentKey() {
        return documentKey;
    }

    /** The lease TTL. */
    public Duration leaseTtl() {
        return leaseTtl;
    }

    @Override
    public String toString() {
        return "RedisFlagDefinitionsCache{leaseKey=" + leaseKey + ", leaseTtl=" + leaseTtl + "}";
    }

    private static int parseVersion(Object value) {
        try {
            return value instanceof String s ? Integer.parseInt(s.strip()) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static @Nullable Instant parseInstant(Object value) {
        try {
            return value instanceof String s ? Instant.parse(s) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The first 16 hex digits of the SHA-256 of the project key. */
    static String projectHash(String projectApiKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(projectApiKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
