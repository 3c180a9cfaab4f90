package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.metrics;

import io.github.posthogcommunity.posthog.FlushResult;
import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.flags.FeatureFlagOptions;
import io.github.posthogcommunity.posthog.flags.FeatureFlagStats;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogAutoConfiguration;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogProperties;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogTestServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.RequiredSearch;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PostHogMetricsAutoConfigurationTests {

    @RegisterExtension
    final PostHogTestServer server = new PostHogTestServer();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PostHogAutoConfiguration.class,
                    PostHogMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class))
            .withPropertyValues("posthog.api-key=phc_MetricsTestKey0123456789", "posthog.host=" + server.host(),
                    "posthog.compression=none", "posthog.flush-at=1000", "posthog.flush-interval=1h",
                    "posthog.max-queue-size=500");

    @Test
    void metersReflectARunWithARejectedBatchARetryAndASuccess() {
        server.answer(400, 503);
        runner.run(context -> {
            PostHogClient client = context.getBean(PostHogClient.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);

            client.capture("user-1", "rejected event");
            FlushResult rejected = client.flush(Duration.ofSeconds(30));
            assertThat(rejected.dropped()).isEqualTo(1);

            client.capture("user-2", "retried event");
            client.flush(Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(30)).until(() -> client.stats().sent() == 1);

            assertThat(counter(registry, "posthog.events.captured")).isEqualTo(2);
            assertThat(counter(registry, "posthog.events.sent")).isEqualTo(1);
            assertThat(registry.get("posthog.events.dropped").tag("reason", "rejected").functionCounter().count())
                    .isEqualTo(1);
            assertThat(registry.get("posthog.events.dropped").functionCounters())
                    .hasSize(io.github.posthogcommunity.posthog.DropReason.values().length)
                    .filteredOn(c -> !"rejected".equals(c.getId().getTag("reason")))
                    .allSatisfy(c -> assertThat(c.count()).isZero());
            assertThat(counter(registry, "posthog.batches.retried")).isEqualTo(1);
            assertThat(registry.get("posthog.queue.size").gauge().value()).isZero();
            assertThat(registry.get("posthog.queue.capacity").gauge().value()).isEqualTo(500);
            assertThat(registry.get("posthog.senders.limit").gauge().value()).isGreaterThanOrEqualTo(4);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(registry.get("posthog.senders.in-flight").gauge().value()).isZero();
                assertThat(timerCount(registry, "failure")).isEqualTo(1);
                assertThat(timerCount(registry, "retry")).isEqualTo(1);
                assertThat(timerCount(registry, "success")).isEqualTo(1);
                assertThat(counter(registry, "posthog.events.retried")).isEqualTo(1);
            });
            assertThat(timerCount(registry, "partial")).isZero();
            assertThat(registry.get("posthog.batch.send").tag("outcome", "success").timer()
                    .totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();

            TreeSet<String> meters = new TreeSet<>();
            for (Meter meter : registry.getMeters()) {
                if (meter.getId().getName().startsWith("posthog.")) {
                    meters.add(meter.getId().getName() + meter.getId().getTags() + " " + meter.getId().getType());
                }
            }
            System.out.println("PostHog meters:\n  " + String.join("\n  ", meters));
            assertThat(meters).hasSize(2 + 2 + 2 + io.github.posthogcommunity.posthog.DropReason.values().length + 2 + 4 + 2);
        });
        assertThat(server.eventNames()).containsExactly("rejected event", "retried event", "retried event");
    }

    @Test
    void queueGaugeCountsPendingEvents() {
        runner.run(context -> {
            PostHogClient client = context.getBean(PostHogClient.class);
            client.capture("user-1", "one");
            client.capture("user-1", "two");
            assertThat(context.getBean(MeterRegistry.class).get("posthog.queue.size").gauge().value()).isEqualTo(2);
        });
    }

    @Test
    void withoutMicrometerTheClientWorksWithoutMeters() {
        runner.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
                .withConfiguration(AutoConfigurations.of(PostHogAutoConfiguration.class,
                        PostHogMetricsAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(PostHogClient.class)
                            .doesNotHaveBean(PostHogClientsMetrics.class).doesNotHaveBean(DeliveryMetrics.class);
                });
    }

    @Test
    void withoutAMeterRegistryNoBinderIsCreated() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PostHogAutoConfiguration.class,
                        PostHogMetricsAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(PostHogClient.class)
                        .doesNotHaveBean(PostHogClientsMetrics.class).doesNotHaveBean("postHogDeliveryMetricsCustomizer"));
    }

    /**
     * Feature flag local evaluation in the starter, against the real local server serving the flag definitions:
     * the properties reach the client, the definitions gauges, and the poller stops with the context.
     */
    @Nested
    class LocalEvaluation {

        static final String PERSONAL_KEY = "phx_LocalEvalPersonalKey0123456789";

        static final String DEFINITIONS = """
                {"flags": [
                   {"id": 1, "key": "beta", "active": true, "version": 2,
                    "filters": {"groups": [{"properties": [{"key": "plan", "value": ["pro"], "operator": "exact",
                                                             "type": "person"}],
                                            "rollout_percentage": 100}]}},
                   {"id": 2, "key": "off", "active": false, "filters": {"groups": []}}
                 ],
                 "group_type_mapping": {}, "cohorts": {}}
                """;

        @Test
        void defaultsArePollEvery30sWithoutWaiting() {
            runner.run(context -> {
                PostHogProperties.FeatureFlags flags = context.getBean(PostHogProperties.class).featureFlags();
                assertThat(flags.pollInterval()).isEqualTo(Duration.ofSeconds(30));
                assertThat(flags.waitForFirstLoad()).isEqualTo(Duration.ZERO);
            });
        }

        @Test
        void withAPersonalKeyFlagsAreEvaluatedLocallyAndTheDefinitionsAreMetered() {
            server.definitions(DEFINITIONS);
            runner.withPropertyValues("posthog.personal-api-key=" + PERSONAL_KEY,
                    "posthog.feature-flags.wait-for-first-load=10s", "posthog.feature-flags.poll-interval=1h")
                    .run(context -> {
                        PostHogClient client = context.getBean(PostHogClient.class);
                        // waited for at start-up: loaded before the first read
                        FeatureFlagStats stats = client.flagStats();
                        assertThat(stats.localEvaluationEnabled()).isTrue();
                        assertThat(stats.definitionsCount()).isEqualTo(2);
                        assertThat(client.isFeatureEnabled("beta", "user-1", false,
                                FeatureFlagOptions.builder().personProperty("plan", "pro").build())).isTrue();
                        assertThat(client.flagStats().localEvaluations()).isEqualTo(1);
                        assertThat(client.flagStats().requests()).isZero();

                        MeterRegistry registry = context.getBean(MeterRegistry.class);
                        double age = registry.get("posthog.flags.definitions.age").gauge().value();
                        assertThat(age).isBetween(0.0, 60.0);
                        assertThat(registry.get("posthog.flags.definitions.age").gauge().getId().getBaseUnit())
                                .isEqualTo("seconds");
                        assertThat(registry.get("posthog.flags.definitions").gauge().value()).isEqualTo(2);
                        assertThat(registry.get("posthog.flags.local.evaluations").functionCounter().count())
                                .isEqualTo(1);
                    });
            // one load only (poll interval 1 h), with the personal key as bearer token
            assertThat(server.definitionRequests()).hasSize(1);
            assertThat(server.definitionRequests().get(0).getHeaders().get("Authorization"))
                    .isEqualTo("Bearer " + PERSONAL_KEY);
            // no /flags request; the close drained the $feature_flag_called event, which says it was local
            assertThat(server.bodies()).noneMatch(body -> body.contains("flag_keys_to_evaluate"));
            assertThat(server.events()).filteredOn(e -> e.path("event").asString().equals("$feature_flag_called"))
                    .singleElement().satisfies(e -> {
                        assertThat(e.path("properties").path("locally_evaluated").asBoolean()).isTrue();
                        assertThat(e.path("properties").path("$feature_flag_id").asLong()).isEqualTo(1);
                    });
        }

        @Test
        void theAgeIsNaNUntilTheFirstLoad() {
            // definitions are not served (404): never loaded
            runner.withPropertyValues("posthog.personal-api-key=" + PERSONAL_KEY,
                    "posthog.feature-flags.wait-for-first-load=10s").run(context -> {
                        MeterRegistry registry = context.getBean(MeterRegistry.class);
                        assertThat(server.definitionRequests()).hasSize(1);
                        assertThat(registry.get("posthog.flags.definitions.age").gauge().value()).isNaN();
                        assertThat(registry.get("posthog.flags.definitions").gauge().value()).isZero();
                    });
        }

        @Test
        void withoutAPersonalKeyThereIsNoDefinitionsMeterAndNoLoad() {
            server.definitions(DEFINITIONS);
            runner.run(context -> {
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                assertThat(registry.find("posthog.flags.definitions.age").gauge()).isNull();
                assertThat(registry.find("posthog.flags.definitions").gauge()).isNull();
                assertThat(context.getBean(PostHogClient.class).flagStats().localEvaluationEnabled()).isFalse();
            });
            assertThat(server.definitionRequests()).isEmpty();
        }

        @Test
        void closingTheContextStopsThePoller() {
            server.definitions(DEFINITIONS);
            Set<Thread> before = pollerThreads();
            Set<Thread> started = new HashSet<>();
            runner.withPropertyValues("posthog.personal-api-key=" + PERSONAL_KEY,
                    "posthog.feature-flags.wait-for-first-load=10s").run(context -> {
                        started.addAll(pollerThreads());
                        started.removeAll(before);
                        assertThat(started).hasSize(1);
                    });
            assertThat(started).noneMatch(Thread::isAlive);
        }

        private static Set<Thread> pollerThreads() {
            Set<Thread> threads = new HashSet<>();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().startsWith("posthog-flags-poller-") && t.isAlive()) {
                    threads.add(t);
                }
            }
            return threads;
        }
    }

    private static double counter(MeterRegistry registry, String name) {
        RequiredSearch search = registry.get(name);
        FunctionCounter counter = search.functionCounter();
        return counter.count();
    }

    private static long timerCount(MeterRegistry registry, String outcome) {
        return registry.get("posthog.batch.send").tag("outcome", outcome).timer().count();
    }
}
