package io.github.posthogcommunity.posthog.flags.redis;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The {@code posthog.feature-flags.cache.*} properties: a flag-definitions cache shared by the instances of a
 * fleet (with posthog.personal-api-key).
 *
 * @param type Which shared flag-definitions cache to use: none (the default; every instance fetches the
 *        definitions itself) or redis (one instance per poll interval fetches them, the others read them from
 *        Redis; needs a RedisConnectionFactory bean).
 * @param keyPrefix Prefix of the Redis keys of the shared flag definitions and their lease; a hash of the project
 *        key follows it, so projects sharing a Redis never mix.
 * @param leaseTtl How long the lease of the instance that fetches the definitions outlives its last renewal. When
 *        unset, twice posthog.feature-flags.poll-interval.
 */
@ConfigurationProperties(PostHogFlagsCacheProperties.PREFIX)
public record PostHogFlagsCacheProperties(@DefaultValue("none") Type type,
                                          @DefaultValue(RedisFlagDefinitionsCache.DEFAULT_KEY_PREFIX) String keyPrefix,
                                          @Nullable Duration leaseTtl) {

    /** The prefix of these properties. */
    public static final String PREFIX = "posthog.feature-flags.cache";

    /** The kinds of shared cache. */
    public enum Type {
        /** No shared cache. */
        NONE,
        /** Redis, through the application's {@code RedisConnectionFactory}. */
        REDIS
    }

    /** The lease TTL: the configured one, else twice the poll interval (at least one second). */
    public Duration leaseTtlFor(Duration pollInterval) {
        if (leaseTtl != null) {
            return leaseTtl;
        }
        Duration twice = pollInterval.multipliedBy(2);
        return twice.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : twice;
    }
}
