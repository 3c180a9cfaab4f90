package io.github.posthogcommunity.posthog.spring.boot.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A real SpringApplication reports an invalid property through the registered failure analyzer. */
@ExtendWith(OutputCaptureExtension.class)
class FailureAnalyzerRegistrationTests {

    @Test
    void startUpFailureNamesTheInvalidProperty(CapturedOutput output) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(MinimalApplication.class)
                .web(WebApplicationType.NONE).registerShutdownHook(false)
                .properties("spring.main.banner-mode=off", "posthog.api-key=phc_AnalyzerTestKey0123456789",
                        "posthog.max-queue-size=-3")
                .run()).hasRootCauseInstanceOf(InvalidPostHogPropertyException.class);
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("property 'posthog.max-queue-size' is invalid")
                .contains("Fix 'posthog.max-queue-size'")
                .doesNotContain("AnalyzerTestKey");
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class MinimalApplication {
    }
}
