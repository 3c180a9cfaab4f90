package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.web;

import io.github.posthogcommunity.posthog.EventContext;
import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.http.HttpTransport;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogAutoConfiguration;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogClientCustomizer;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.RecordingTransport;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.web.filter.OncePerRequestFilter;

import static org.assertj.core.api.Assertions.assertThat;

class PostHogRequestContextAutoConfigurationTests {

    private static final AutoConfigurations CONFIGURATIONS =
            AutoConfigurations.of(PostHogAutoConfiguration.class, PostHogRequestContextAutoConfiguration.class);

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(CONFIGURATIONS).withPropertyValues("posthog.api-key=phc_WebTestKey0123456789");

    @Test
    void servletApplicationsGetTheFilterByDefault() {
        runner.run(context -> {
            assertThat(context).hasBean("postHogRequestContextFilter");
            FilterRegistrationBean<?> registration = context.getBean(FilterRegistrationBean.class);
            assertThat(registration.getFilter()).isInstanceOf(PostHogRequestContextFilter.class);
            assertThat(registration.getOrder()).isEqualTo(PostHogRequestContextAutoConfiguration.FILTER_ORDER);
        });
    }

    @Test
    void anApplicationCustomizerMayReplaceTheContextSupplier() {
        RecordingTransport transport = new RecordingTransport();
        runner.withPropertyValues("posthog.compression=none").withBean(HttpTransport.class, () -> transport)
                .withBean("ownContext", PostHogClientCustomizer.class,
                        () -> builder -> builder.contextSupplier(() -> new EventContext("from-application", null)))
                .run(context -> {
                    PostHogClient client = context.getBean(PostHogClient.class);
                    client.capture(null, "ambient");
                    client.flush();
                });
        assertThat(transport.events()).singleElement()
                .satisfies(e -> assertThat(e.path("distinct_id").asString()).isEqualTo("from-application"));
    }

    @Test
    void anApplicationFilterNamedLikeOursReplacesIt() {
        runner.withBean("postHogRequestContextFilter", FilterRegistrationBean.class, FilterRegistrationBean::new)
                .run(context -> assertThat(context.getBean(FilterRegistrationBean.class).getFilter()).isNull());
    }

    @Test
    void theFilterCanBeTurnedOff() {
        runner.withPropertyValues("posthog.request-context.enabled=false").run(context ->
                assertThat(context).hasSingleBean(PostHogClient.class).doesNotHaveBean(FilterRegistrationBean.class));
    }

    @Test
    void nonWebApplicationsGetNoFilter() {
        new ApplicationContextRunner().withConfiguration(CONFIGURATIONS).run(context ->
                assertThat(context).hasSingleBean(PostHogClient.class).doesNotHaveBean(FilterRegistrationBean.class));
    }

    @Test
    void withoutSpringWebTheClientStillWorks() {
        runner.withClassLoader(new FilteredClassLoader(OncePerRequestFilter.class)).run(context ->
                assertThat(context).hasNotFailed().hasSingleBean(PostHogClient.class)
                        .doesNotHaveBean(FilterRegistrationBean.class));
    }
}
