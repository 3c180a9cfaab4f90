package io.github.posthogcommunity.posthog.spring.boot.autoconfigure;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.actuate.PostHogEndpoint;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.actuate.PostHogEndpointAutoConfiguration;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.metrics.PostHogMetricsAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two client beans of the application: each is metered, shown by the endpoint and drained on close. */
class MultipleClientsTests {

    @RegisterExtension
    final PostHogTestServer analytics = new PostHogTestServer();

    @RegisterExtension
    final PostHogTestServer audit = new PostHogTestServer();

    private WebApplicationContextRunner runner() {
        return new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PostHogAutoConfiguration.class,
                        PostHogMetricsAutoConfiguration.class, PostHogEndpointAutoConfiguration.class,
                        EndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class,
                        MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
                .withPropertyValues("management.endpoints.web.exposure.include=posthog")
                .withBean("analyticsClient", PostHogClient.class, () -> client(analytics, "phc_AnalyticsKey0123456789"))
                .withBean("auditClient", PostHogClient.class, () -> client(audit, "phc_AuditKey0123456789"));
    }

    private static PostHogClient client(PostHogTestServer server, String key) {
        return PostHogClient.builder(key).host(server.host())
                .compression(io.github.posthogcommunity.posthog.Compression.NONE).flushAt(1000)
                .flushInterval(Duration.ofHours(1)).build();
    }

    @Test
    void everyClientIsMeteredWithItsBeanNameAndShownByTheEndpoint() {
        runner().run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean("postHogClient");
            PostHogClient analyticsClient = context.getBean("analyticsClient", PostHogClient.class);
            PostHogClient auditClient = context.getBean("auditClient", PostHogClient.class);
            analyticsClient.capture("u", "a1");
            analyticsClient.capture("u", "a2");
            auditClient.capture("u", "b1");

            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("posthog.events.captured").tag("client", "analyticsClient").functionCounter()
                    .count()).isEqualTo(2);
            assertThat(registry.get("posthog.events.captured").tag("client", "auditClient").functionCounter()
                    .count()).isEqualTo(1);
            assertThat(registry.get("posthog.queue.size").tag("client", "auditClient").gauge().value()).isEqualTo(1);

            PostHogEndpoint endpoint = context.getBean(PostHogEndpoint.class);
            assertThat(endpoint.posthog().clients()).containsOnlyKeys("analyticsClient", "auditClient");
            assertThat(endpoint.client("auditClient").stats().captured()).isEqualTo(1);
            assertThat(endpoint.client("missing")).isNull();
            assertThat(endpoint.flushClient("auditClient").sent()).isEqualTo(1);
            assertThat(audit.eventNames()).containsExactly("b1");
            assertThat(analytics.bodies()).isEmpty();
            assertThat(endpoint.flush().clients().get("analyticsClient").sent()).isEqualTo(2);
            assertThat(analytics.eventNames()).containsExactly("a1", "a2");

            // The application's own clients get the delivery timer too, through a listener added after build.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(registry.get("posthog.batch.send").tags("client", "auditClient", "outcome", "success")
                        .timer().count()).isEqualTo(1);
                assertThat(registry.get("posthog.batch.send").tags("client", "analyticsClient", "outcome", "success")
                        .timer().count()).isEqualTo(1);
            });
        });
    }

    @Test
    void closingTheContextDrainsEveryClient() {
        AtomicReference<PostHogClient> first = new AtomicReference<>();
        AtomicReference<PostHogClient> second = new AtomicReference<>();
        runner().run(context -> {
            assertThat(context).hasSingleBean(PostHogShutdownLifecycle.class);
            first.set(context.getBean("analyticsClient", PostHogClient.class));
            second.set(context.getBean("auditClient", PostHogClient.class));
            first.get().capture("u", "pending-a");
            second.get().capture("u", "pending-b");
        });
        assertThat(analytics.eventNames()).containsExactly("pending-a");
        assertThat(audit.eventNames()).containsExactly("pending-b");
        assertThat(first.get().stats().pending()).isZero();
        assertThat(second.get().stats().pending()).isZero();
    }

    @Test
    void everyAutoConfiguredBeanBacksOffForOneOfTheApplication() {
        runner().withUserConfiguration(OwnBeans.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean("postHogShutdownLifecycle")).isSameAs(OwnBeans.LIFECYCLE);
            assertThat(context.getBean("postHogClientMetrics")).isSameAs(OwnBeans.METRICS);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBeans {
        static final Object LIFECYCLE = new Object();
        static final Object METRICS = new Object();

        @Bean
        Object postHogShutdownLifecycle() {
            return LIFECYCLE;
        }

        @Bean
        Object postHogClientMetrics() {
            return METRICS;
        }
    }
}
