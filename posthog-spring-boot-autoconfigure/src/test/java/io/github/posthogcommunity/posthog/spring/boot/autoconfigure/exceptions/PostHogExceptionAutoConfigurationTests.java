package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.exceptions;

import io.github.posthogcommunity.posthog.internal.exceptions.ExceptionRateLimiter;
import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.http.HttpTransport;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.InvalidPostHogPropertyException;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogAutoConfiguration;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.RecordingTransport;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class PostHogExceptionAutoConfigurationTests {

    private static final AutoConfigurations CONFIGURATIONS =
            AutoConfigurations.of(PostHogAutoConfiguration.class, PostHogExceptionAutoConfiguration.class);

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(CONFIGURATIONS).withPropertyValues("posthog.api-key=phc_WebTestKey0123456789");

    @Test
    void mvcCaptureIsOffByDefault() {
        runner.run(context -> assertThat(context).hasSingleBean(PostHogClient.class)
                .doesNotHaveBean(PostHogUnhandledExceptionResolver.class)
                .doesNotHaveBean(PostHogMvcExceptionCapture.class));
    }

    @Test
    void enabledRegistersTheLastResolverOnlyUnlessHandledOnesAreIncluded() {
        runner.withPropertyValues("posthog.exception-autocapture.enabled=true").run(context -> {
            assertThat(context).hasSingleBean(PostHogUnhandledExceptionResolver.class)
                    .doesNotHaveBean(PostHogHandledExceptionRecorder.class);
            assertThat(context.getBean(PostHogUnhandledExceptionResolver.class).getOrder())
                    .isEqualTo(Integer.MAX_VALUE);
        });
        runner.withPropertyValues("posthog.exception-autocapture.enabled=true",
                "posthog.exception-autocapture.include-handled=true").run(context ->
                assertThat(context).hasSingleBean(PostHogHandledExceptionRecorder.class)
                        .hasBean("postHogHandledExceptionInterceptor"));
    }

    @Test
    void notInANonWebApplication() {
        new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
                .withPropertyValues("posthog.api-key=phc_WebTestKey0123456789",
                        "posthog.exception-autocapture.enabled=true")
                .run(context -> assertThat(context).hasSingleBean(PostHogClient.class)
                        .doesNotHaveBean(PostHogUnhandledExceptionResolver.class));
    }

    @Test
    void inAppPackagesDefaultToTheApplicationPackagesAndCanBeConfigured() {
        RecordingTransport transport = new RecordingTransport();
        runner.withPropertyValues("posthog.compression=none").withBean(HttpTransport.class, () -> transport)
                .withInitializer(c -> AutoConfigurationPackages.register(
                        (org.springframework.beans.factory.support.BeanDefinitionRegistry) c.getBeanFactory(),
                        "com.acme"))
                .run(context -> capture(context.getBean(PostHogClient.class)));
        runner.withPropertyValues("posthog.compression=none",
                        "posthog.exception-autocapture.in-app-packages=org.example")
                .withBean(HttpTransport.class, () -> transport)
                .run(context -> capture(context.getBean(PostHogClient.class)));
        assertThat(transport.events()).hasSize(2);
        assertThat(transport.events()).extracting(e -> inApp(e, 0) + "," + inApp(e, 1))
                .containsExactly("false,true", "true,false");
    }

    private static void capture(PostHogClient client) {
        RuntimeException e = new RuntimeException("x");
        e.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("com.acme.Shop", "buy", "Shop.java", 1),
            new StackTraceElement("org.example.Main", "main", "Main.java", 1),
        });
        client.captureException(e, "u");
        client.flush();
    }

    private static boolean inApp(JsonNode event, int frame) {
        return event.path("properties").path("$exception_list").get(0).path("stacktrace").path("frames").get(frame)
                .path("in_app").asBoolean();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "posthog.exception-autocapture.rate-limit.max-per-type | -1",
            "posthog.exception-autocapture.rate-limit.window       | 0s",
    })
    void anInvalidRateLimitFailsStartUpNamingTheProperty(String property, String value) {
        runner.withPropertyValues(property + "=" + value).run(context -> {
            assertThat(context).hasFailed();
            Throwable root = NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
            assertThat(root).isInstanceOf(InvalidPostHogPropertyException.class);
            assertThat(((InvalidPostHogPropertyException) root).property()).isEqualTo(property);
        });
    }

    @Test
    void theRateLimitWindowResetsAndCountsRefusals() {
        AtomicLong now = new AtomicLong();
        ExceptionRateLimiter limiter = new ExceptionRateLimiter("test", 2, Duration.ofMinutes(1), now::get);
        assertThat(limiter.tryAcquire("A")).isTrue();
        assertThat(limiter.tryAcquire("A")).isTrue();
        assertThat(limiter.tryAcquire("A")).isFalse();
        assertThat(limiter.tryAcquire("B")).isTrue(); // per type
        assertThat(limiter.tryAcquire("A")).isFalse();
        now.addAndGet(Duration.ofMinutes(1).toNanos());
        assertThat(limiter.tryAcquire("A")).isTrue();
        assertThat(limiter.refused()).isEqualTo(2);
    }
}
