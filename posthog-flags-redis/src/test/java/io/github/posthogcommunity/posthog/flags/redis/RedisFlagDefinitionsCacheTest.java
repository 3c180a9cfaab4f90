package io.github.posthogcommunity.posthog.flags.redis;

import io.github.posthogcommunity.posthog.flags.CachedFlagDefinitions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The Redis cache's contract against a real redis-server: lease, renewal, compare-and-delete, document. */
class RedisFlagDefinitionsCacheTest {

    @RegisterExtension
    final RedisServerExtension redis = new RedisServerExtension();

    private LettuceConnectionFactory factory;

    @BeforeEach
    void connect() {
        factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", redis.port()));
        factory.afterPropertiesSet();
        factory.start();
    }

    @AfterEach
    void disconnect() {
        factory.destroy();
    }

    private RedisFlagDefinitionsCache cache(Duration ttl) {
        return new RedisFlagDefinitionsCache(factory, "test:", "phc_key", ttl);
    }

    @Test
    void oneInstanceHoldsTheLeaseAndRenewsItOthersDoNot() {
        RedisFlagDefinitionsCache a = cache(Duration.ofSeconds(30));
        RedisFlagDefinitionsCache b = cache(Duration.ofSeconds(30));
        StringRedisTemplate raw = new StringRedisTemplate(factory);
        assertThat(a.acquireOrRenewLease()).isTrue();
        assertThat(b.acquireOrRenewLease()).isFalse();
        assertThat(raw.opsForValue().get(a.leaseKey())).isEqualTo(a.instanceId());
        raw.expire(a.leaseKey(), Duration.ofSeconds(5));
        assertThat(a.acquireOrRenewLease()).isTrue();
        assertThat(raw.getExpire(a.leaseKey())).isGreaterThan(20);
        assertThat(b.acquireOrRenewLease()).isFalse();
    }

    @Test
    void releaseDeletesTheLeaseOnlyWhenStillHeld() {
        RedisFlagDefinitionsCache a = cache(Duration.ofSeconds(30));
        RedisFlagDefinitionsCache b = cache(Duration.ofSeconds(30));
        StringRedisTemplate raw = new StringRedisTemplate(factory);
        assertThat(a.acquireOrRenewLease()).isTrue();
        b.release();
        assertThat(raw.opsForValue().get(a.leaseKey())).isEqualTo(a.instanceId());
        a.release();
        assertThat(raw.hasKey(a.leaseKey())).isFalse();
        assertThat(b.acquireOrRenewLease()).isTrue();
    }

    @Test
    void aHolderThatStopsRenewingLosesTheLeaseAfterTheTtl() {
        RedisFlagDefinitionsCache a = cache(Duration.ofMillis(300));
        RedisFlagDefinitionsCache b = cache(Duration.ofMillis(300));
        assertThat(a.acquireOrRenewLease()).isTrue();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(b::acquireOrRenewLease);
        assertThat(a.acquireOrRenewLease()).isFalse();
    }

    @Test
    void theDocumentRoundTripsWithItsRawJsonAndAnAbsentEtag() {
        RedisFlagDefinitionsCache a = cache(Duration.ofSeconds(30));
        assertThat(a.read()).isNull();
        byte[] json = "{\"flags\":[{\"key\":\"é\"}]}".getBytes(StandardCharsets.UTF_8);
        Instant at = Instant.parse("2026-11-30T10:00:00.123Z");
        a.write(CachedFlagDefinitions.of(json, "\"abc\"", at));
        assertThat(cache(Duration.ofSeconds(30)).read()).isEqualTo(CachedFlagDefinitions.of(json, "\"abc\"", at));
        a.write(CachedFlagDefinitions.of(json, null, at));
        CachedFlagDefinitions read = a.read();
        assertThat(read.etag()).isNull();
        assertThat(read.schemaVersion()).isEqualTo(CachedFlagDefinitions.SCHEMA_VERSION);
    }

    @Test
    void aDocumentWrittenBySomethingElseIsReportedAsUnreadable() {
        RedisFlagDefinitionsCache a = cache(Duration.ofSeconds(30));
        new StringRedisTemplate(factory).opsForHash().put(a.documentKey(), "other", "x");
        assertThat(a.read().isReadable()).isFalse();
    }

    @Test
    void projectsSharingARedisUseDifferentKeys() {
        RedisFlagDefinitionsCache one = new RedisFlagDefinitionsCache(factory, "p:", "phc_one", Duration.ofSeconds(1));
        RedisFlagDefinitionsCache two = new RedisFlagDefinitionsCache(factory, "p:", "phc_two", Duration.ofSeconds(1));
        assertThat(one.leaseKey()).isNotEqualTo(two.leaseKey()).doesNotContain("phc_one");
    }
}
