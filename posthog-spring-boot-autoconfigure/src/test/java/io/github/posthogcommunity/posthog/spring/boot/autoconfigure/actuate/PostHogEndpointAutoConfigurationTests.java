package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.actuate;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogAutoConfiguration;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.Operation;
import org.springframework.boot.actuate.endpoint.OperationType;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class PostHogEndpointAutoConfigurationTests {

    /** Converts relaxed enum values such as {@code read-only} as a SpringApplication's environment does. */
    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withInitializer(context -> context.getEnvironment().setConversionService(new ApplicationConversionService()))
            .withConfiguration(AutoConfigurations.of(PostHogAutoConfiguration.class,
                    PostHogEndpointAutoConfiguration.class, EndpointAutoConfiguration.class,
                    WebEndpointAutoConfiguration.class))
            .withPropertyValues("posthog.api-key=phc_EndpointTestKey0123456789");

    @Test
    void theEndpointIsNotExposedByDefault() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(PostHogEndpoint.class));
    }

    @Test
    void exposingTheEndpointCreatesItWithReadAndWriteOperations() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=posthog").run(context -> {
            assertThat(context).hasSingleBean(PostHogEndpoint.class);
            // all clients and one client ({client}), to read and to flush
            assertThat(operationTypes(context)).containsExactlyInAnyOrder(OperationType.READ, OperationType.READ,
                    OperationType.WRITE, OperationType.WRITE);
        });
    }

    @Test
    void readOnlyAccessRemovesTheFlush() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=posthog",
                "management.endpoint.posthog.access=read-only").run(context -> {
                    assertThat(context).hasSingleBean(PostHogEndpoint.class);
                    assertThat(operationTypes(context)).containsExactly(OperationType.READ, OperationType.READ);
                });
    }

    @Test
    void noAccessRemovesTheEndpoint() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=posthog",
                "management.endpoint.posthog.access=none")
                .run(context -> assertThat(context).doesNotHaveBean(PostHogEndpoint.class));
    }

    @Test
    void withoutTheActuatorTheClientStillWorks() {
        runner.withClassLoader(new FilteredClassLoader(Endpoint.class))
                .withPropertyValues("management.endpoints.web.exposure.include=posthog")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(PostHogClient.class)
                        .doesNotHaveBean(PostHogEndpoint.class).doesNotHaveBean(PostHogSanitizingFunction.class));
    }

    @Test
    void theSanitizingFunctionMasksEveryRelaxedFormOfThePostHogSecretsAndNothingElse() {
        assertThat(List.of("posthog.api-key", "posthog.apiKey", "posthog.api_key", "POSTHOG_API_KEY", "POSTHOG_APIKEY",
                "posthog.personal-api-key", "POSTHOG_PERSONAL_API_KEY", "posthog.personalApiKey",
                "posthog.headers.x-proxy-token", "posthog.headers[X-Proxy-Token]", "POSTHOG_HEADERS_X_PROXY_TOKEN"))
                .allMatch(PostHogSanitizingFunction::isSecret);
        assertThat(List.of("posthog.host", "POSTHOG_HOST", "posthog.flush-at", "server.port", "apiKey"))
                .noneMatch(PostHogSanitizingFunction::isSecret);
    }

    private static List<OperationType> operationTypes(AssertableWebApplicationContext context) {
        ExposableWebEndpoint endpoint = context.getBean(WebEndpointsSupplier.class).getEndpoints().stream()
                .filter(e -> e.getEndpointId().toString().equals("posthog")).findFirst().orElseThrow();
        return endpoint.getOperations().stream().map(Operation::getType).toList();
    }
}
