package io.github.posthogcommunity.posthog.flags.redis;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.flags.FlagDefinitionsCacheStats;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three clients (three "instances", each with its own Redis connection) sharing one real {@code redis-server}: one
 * definitions request per interval across them, identical evaluations, take-over when the holder closes, a fallback
 * to fetching by itself while Redis is down, and convergence once it is back.
 */
class RedisFleetTest {

    static final String PROJECT_KEY = "phc_fleet_project_key";
    static final String PERSONAL_KEY = "phx_fleet_personal_key";
    static final Duration INTERVAL = Duration.ofMillis(200);
    static final Duration TTL = Duration.ofSeconds(10);
    static final Duration WAIT = Duration.ofSeconds(60);

    /** A 50 % rollout, so evaluations depend on the definitions and the distinct id. */
    static final String DEFINITIONS = """
            {"flags": [
               {"id": 1, "key": "half", "active": true, "version": 1,
                "filters": {"groups": [{"properties": [], "rollout_percentage": 50}]}},
               {"id": 2, "key": "variants", "active": true, "version": 1,
                "filters": {"groups": [{"properties": [], "rollout_percentage": 100}],
                            "multivariate": {"variants": [{"key": "a", "rollout_percentage": 34},
                                                          {"key": "b", "rollout_percentage": 33},
                                                          {"key": "c", "rollout_percentage": 33}]}}}
             ],
             "group_type_mapping": {}, "cohorts": {}}
            """;

    @RegisterExtension
    final RedisServerExtension redis = new RedisServerExtension();

    @StartStop
    final MockWebServer posthog = new MockWebServer();

    /** Every definitions request, by the X-Instance header of the client that sent it. */
    final List<String> definitionRequests = new CopyOnWriteArrayList<>();

    private final List<PostHogClient> clients = new ArrayList<>();
    private final List<LettuceConnectionFactory> factories = new ArrayList<>();
    private ClientResources resources;

    @BeforeEach
    void serveDefinitions() {
        posthog.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (request.getUrl().encodedPath().equals("/flags/definitions")) {
                    definitionRequests.add(request.getHeaders().get("X-Instance"));
                    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                            .body(DEFINITIONS).build();
                }
                return new MockResponse.Builder().code(200).body("{\"status\":1}").build();
            }
        });
        resources = ClientResources.builder().reconnectDelay(Delay.constant(Duration.ofMillis(50))).build();
    }

    @AfterEach
    void closeAll() {
        clients.forEach(PostHogClient::close);
        factories.forEach(LettuceConnectionFactory::destroy);
        resources.shutdown();
    }

    private PostHogClient instance(String id) {
        LettuceClientConfiguration lettuce = LettuceClientConfiguration.builder()
                .commandTimeout(Duration.ofSeconds(5))
                .clientOptions(ClientOptions.builder()
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build())
                .clientResources(resources)
                .build();
        LettuceConnectionFactory factory = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration("127.0.0.1", redis.port()), lettuce);
        factory.afterPropertiesSet();
        factory.start();
        factories.add(factory);
        try (var connection = factory.getConnection()) {
            connection.ping(); // connect now: a cold start of the Redis client is not a cache failure
        }
        PostHogClient client = PostHogClient.builder(PROJECT_KEY)
                .host(posthog.url("/").toString())
                .personalApiKey(PERSONAL_KEY)
                .header("X-Instance", id)
                .featureFlagsPollInterval(INTERVAL)
                .sendFeatureFlagEvents(false)
                .featureFlagDefinitionsCache(new RedisFlagDefinitionsCache(factory,
                        RedisFlagDefinitionsCache.DEFAULT_KEY_PREFIX, PROJECT_KEY, TTL))
                .build();
        clients.add(client);
        return client;
    }

    private static FlagDefinitionsCacheStats cache(PostHogClient client) {
        return client.flagStats().definitionsCache();
    }

    private static Map<String, Object> evaluations(PostHogClient client) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            String id = "user-" + i;
            values.put(id + "/half", client.getFeatureFlag("half", id));
            values.put(id + "/variants", client.getFeatureFlag("variants", id));
        }
        return values;
    }

    private List<PostHogClient> startThree() {
        List<PostHogClient> three = List.of(instance("a"), instance("b"), instance("c"));
        await().atMost(WAIT).until(() -> three.stream().allMatch(c -> c.flagStats().definitionsCount() == 2));
        return three;
    }

    /**
     * Over a window of at least {@code polls} polls: every definitions request came from one instance, and there
     * were at most one per interval.
     */
    private void assertOneFetcherPerInterval(int polls) {
        long t0 = System.nanoTime();
        int start = definitionRequests.size();
        await().atMost(WAIT).until(() -> definitionRequests.size() >= start + polls);
        long elapsed = System.nanoTime() - t0;
        List<String> window = List.copyOf(definitionRequests.subList(start, definitionRequests.size()));
        assertThat(window).as("definitions requests in the window").containsOnly(window.get(0));
        assertThat((long) window.size()).isLessThanOrEqualTo(elapsed / INTERVAL.toNanos() + 1);
    }

    private PostHogClient holder(List<PostHogClient> candidates) {
        return candidates.stream().filter(c -> cache(c).leaseHeld()).findFirst().orElseThrow();
    }

    @Test
    void threeInstancesSharingRedisMakeOneDefinitionsRequestPerIntervalAndEvaluateIdentically() {
        List<PostHogClient> three = startThree();
        assertOneFetcherPerInterval(5);
        await().atMost(WAIT).until(() -> three.stream().filter(c -> cache(c).leaseHeld()).count() == 1);
        Map<String, Object> reference = evaluations(three.get(0));
        assertThat(reference.values()).contains(true, false, "a", "b", "c");
        assertThat(evaluations(three.get(1))).isEqualTo(reference);
        assertThat(evaluations(three.get(2))).isEqualTo(reference);
        for (PostHogClient client : three) {
            assertThat(cache(client).failures()).isZero();
            assertThat(cache(client).fallbackFetches()).isZero();
        }
    }

    @Test
    void whenTheHolderClosesAnotherInstanceTakesOverWithinOneTtl() {
        List<PostHogClient> three = startThree();
        await().atMost(WAIT).until(() -> three.stream().filter(c -> cache(c).leaseHeld()).count() == 1);
        PostHogClient holder = holder(three);
        holder.close();
        List<PostHogClient> others = new ArrayList<>(three);
        others.remove(holder);
        int before = definitionRequests.size();
        await().atMost(TTL).until(() -> others.stream().anyMatch(c -> cache(c).leaseHeld() && cache(c).writes() > 0)
                && definitionRequests.size() > before);
        assertOneFetcherPerInterval(3);
        assertThat(evaluations(others.get(0))).isEqualTo(evaluations(others.get(1)));
    }

    @Test
    void whileRedisIsDownEveryInstanceKeepsItsDefinitionsAndFetchesByItselfThenTheyConverge() throws Exception {
        List<PostHogClient> three = startThree();
        Map<String, Object> reference = evaluations(three.get(0));

        redis.stop();
        int before = definitionRequests.size();
        await().atMost(WAIT).until(() -> {
            List<String> since = definitionRequests.subList(before, definitionRequests.size());
            return since.contains("a") && since.contains("b") && since.contains("c");
        });
        for (PostHogClient client : three) {
            assertThat(client.flagStats().definitionsCount()).isEqualTo(2);
            assertThat(evaluations(client)).isEqualTo(reference);
            assertThat(cache(client).fallbackFetches()).isPositive();
            assertThat(cache(client).failures()).isPositive();
        }

        redis.start();
        await().atMost(WAIT).until(() -> three.stream().filter(c -> cache(c).leaseHeld()).count() == 1);
        long[] reads = three.stream().mapToLong(c -> cache(c).reads()).toArray();
        PostHogClient holder = holder(three);
        await().atMost(WAIT).until(() -> {
            for (int i = 0; i < three.size(); i++) {
                if (three.get(i) != holder && cache(three.get(i)).reads() <= reads[i]) {
                    return false;
                }
            }
            return true;
        });
        assertOneFetcherPerInterval(5);
        for (PostHogClient client : three) {
            assertThat(evaluations(client)).isEqualTo(reference);
        }
    }
}
