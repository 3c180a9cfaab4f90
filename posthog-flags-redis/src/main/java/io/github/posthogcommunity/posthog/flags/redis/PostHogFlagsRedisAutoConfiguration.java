package io.github.posthogcommunity.posthog.flags.redis;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.flags.FlagDefinitionsCache;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogAutoConfiguration;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogClientCustomizer;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Shares the flag definitions of a fleet through Redis when {@code posthog.feature-flags.cache.type=redis} and a
 * {@link RedisConnectionFactory} bean exists (for example Spring Boot's, from {@code spring.data.redis.*}): a
 * {@link RedisFlagDefinitionsCache} (replaced by any {@link FlagDefinitionsCache} bean of the application) handed to
 * the client by a {@link PostHogClientCustomizer}. Effective with {@code posthog.personal-api-key} (local
 * evaluation).
 */
@AutoConfiguration(after = PostHogAutoConfiguration.class,
        afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass({PostHogClient.class, RedisConnectionFactory.class})
@ConditionalOnProperty(prefix = PostHogFlagsCacheProperties.PREFIX, name = "type", havingValue = "redis")
@EnableConfigurationProperties({PostHogFlagsCacheProperties.class, PostHogProperties.class})
public class PostHogFlagsRedisAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(FlagDefinitionsCache.class)
    @ConditionalOnBean(RedisConnectionFactory.class)
    RedisFlagDefinitionsCache postHogFlagDefinitionsCache(RedisConnectionFactory connectionFactory,
                                                          PostHogFlagsCacheProperties cache,
                                                          PostHogProperties posthog) {
        return new RedisFlagDefinitionsCache(connectionFactory, cache.keyPrefix(), posthog.apiKey(),
                cache.leaseTtlFor(posthog.featureFlags().pollInterval()));
    }

    @Bean
    @ConditionalOnBean(FlagDefinitionsCache.class)
    PostHogClientCustomizer postHogFlagDefinitionsCacheCustomizer(FlagDefinitionsCache cache) {
        return builder -> builder.featureFlagDefinitionsCache(cache);
    }
}
