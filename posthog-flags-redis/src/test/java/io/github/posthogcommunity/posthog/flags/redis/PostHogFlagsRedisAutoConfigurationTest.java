package io.github.posthogcommunity.posthog.flags.redis;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.flags.FlagDefinitionsCache;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configuration: a Redis cache only with {@code posthog.feature-flags.cache.type=redis} and a
 * {@code RedisConnectionFactory}; the lease TTL derived from the poll interval; the client uses it.
 */
class PostHogFlagsRedisAutoConfigurationTest {

    @RegisterExtension
    final RedisServerExtension redis = new RedisServerExtension();

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PostHogAutoConfiguration.class,
                        DataRedisAutoConfiguration.class, PostHogFlagsRedisAutoConfiguration.class,
                        PostHogFlagsCacheMetricsAutoConfiguration.class))
                .withPropertyValues("posthog.api-key=phc_test_key", "posthog.host=http://127.0.0.1:9",
                        "spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
                        "spring.data.redis.timeout=2s");
    }

    @Test
    void withTypeRedisTheClientSharesItsDefinitionsThroughRedis() {
        runner().withPropertyValues("posthog.feature-flags.cache.type=redis", "posthog.personal-api-key=phx_k",
                        "posthog.feature-flags.poll-interval=45s")
                .run(context -> {
                    assertThat(context).hasSingleBean(RedisFlagDefinitionsCache.class);
                    RedisFlagDefinitionsCache cache = context.getBean(RedisFlagDefinitionsCache.class);
                    assertThat(cache.leaseTtl()).isEqualTo(Duration.ofSeconds(90));
                    assertThat(cache.leaseKey()).startsWith("posthog:flags:").endsWith(":lease")
                            .doesNotContain("phc_test_key");
                    assertThat(context.getBean(PostHogClient.class).flagStats().definitionsCache().name())
                            .isEqualTo("redis");
                    io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
                            new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
                    context.getBean(PostHogFlagsCacheMetrics.class).bindTo(registry);
                    assertThat(registry.get("posthog.flags.definitions.cache.lease").gauge().value()).isIn(0.0, 1.0);
                    assertThat(registry.get("posthog.flags.definitions.cache.failures").functionCounter().count())
                            .isZero();
                });
    }

    @Test
    void theKeyPrefixAndLeaseTtlCanBeSet() {
        runner().withPropertyValues("posthog.feature-flags.cache.type=redis",
                        "posthog.feature-flags.cache.key-prefix=app1:", "posthog.feature-flags.cache.lease-ttl=7s")
                .run(context -> {
                    RedisFlagDefinitionsCache cache = context.getBean(RedisFlagDefinitionsCache.class);
                    assertThat(cache.leaseTtl()).isEqualTo(Duration.ofSeconds(7));
                    assertThat(cache.documentKey()).startsWith("app1:").endsWith(":definitions");
                });
    }

    @Test
    void withoutTheTypeThereIsNoCache() {
        runner().run(context -> {
            assertThat(context).doesNotHaveBean(FlagDefinitionsCache.class);
            assertThat(context.getBean(PostHogClient.class).flagStats().definitionsCache().enabled()).isFalse();
        });
    }

    @Test
    void withoutARedisConnectionFactoryThereIsNoCache() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PostHogAutoConfiguration.class,
                        PostHogFlagsRedisAutoConfiguration.class))
                .withPropertyValues("posthog.api-key=phc_test_key", "posthog.feature-flags.cache.type=redis")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(FlagDefinitionsCache.class);
                });
    }

    @Test
    void anApplicationCacheReplacesTheRedisOne() {
        FlagDefinitionsCache own = new SharedStoreCache();
        runner().withPropertyValues("posthog.feature-flags.cache.type=redis")
                .withBean(FlagDefinitionsCache.class, () -> own)
                .run(context -> {
                    assertThat(context).doesNotHaveBean(RedisFlagDefinitionsCache.class);
                    assertThat(context.getBean(FlagDefinitionsCache.class)).isSameAs(own);
                });
    }

    /** A do-nothing cache standing in for an application's own. */
    static final class SharedStoreCache implements FlagDefinitionsCache {
        @Override
        public boolean acquireOrRenewLease() {
            return true;
        }

        @Override
        public io.github.posthogcommunity.posthog.flags.CachedFlagDefinitions read() {
            return null;
        }

        @Override
        public void write(io.github.posthogcommunity.posthog.flags.CachedFlagDefinitions definitions) {
        }

        @Override
        public void release() {
        }
    }
}
