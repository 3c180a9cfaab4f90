package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.metrics;

import io.github.posthogcommunity.posthog.FlushResult;
import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogAutoConfiguration;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogTestServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.RequiredSearch;

import java.time.Duration;
import java.util.TreeSet;

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
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
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
            assertThat(meters).hasSize(2 + 2 + io.github.posthogcommunity.posthog.DropReason.values().length + 2 + 4 + 2);
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
                            .doesNotHaveBean(PostHogClientMetrics.class).doesNotHaveBean(DeliveryMetrics.class);
                });
    }

    @Test
    void withoutAMeterRegistryNoBinderIsCreated() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PostHogAutoConfiguration.class,
                        PostHogMetricsAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(PostHogClient.class)
                        .doesNotHaveBean(PostHogClientMetrics.class).doesNotHaveBean("postHogDeliveryMetricsCustomizer"));
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
