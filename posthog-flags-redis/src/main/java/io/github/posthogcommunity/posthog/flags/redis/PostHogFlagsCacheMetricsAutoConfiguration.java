package io.github.posthogcommunity.posthog.flags.redis;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.flags.FlagDefinitionsCache;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * The meters of the shared flag-definitions cache ({@link PostHogFlagsCacheMetrics}), with Micrometer, when a
 * {@link FlagDefinitionsCache} bean and a {@link PostHogClient} bean exist.
 */
@AutoConfiguration(after = PostHogFlagsRedisAutoConfiguration.class)
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
@ConditionalOnBean({FlagDefinitionsCache.class, PostHogClient.class})
public class PostHogFlagsCacheMetricsAutoConfiguration {

    @Bean
    PostHogFlagsCacheMetrics postHogFlagsCacheMetrics(PostHogClient client) {
        return new PostHogFlagsCacheMetrics(client);
    }
}
