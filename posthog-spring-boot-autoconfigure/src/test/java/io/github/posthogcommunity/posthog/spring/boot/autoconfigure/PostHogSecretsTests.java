package io.github.posthogcommunity.posthog.spring.boot.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class PostHogSecretsTests {

    static final String PERSONAL_KEY = "phx_PersonalSecretKey987654321";
    static final String HEADER_SECRET = "proxy-token-value-42";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(PropertiesOnly.class)
            .withPropertyValues("posthog.api-key=" + PostHogAutoConfigurationTests.KEY,
                    "posthog.personal-api-key=" + PERSONAL_KEY, "posthog.headers[X-Proxy-Token]=" + HEADER_SECRET);

    @Test
    void thePropertiesToStringShowsNoSecret() {
        runner.run(context -> {
            String text = context.getBean(PostHogProperties.class).toString();
            assertThat(text).contains("apiKey=phc_****", "personalApiKey=phx_****", "X-Proxy-Token")
                    .doesNotContain(PostHogAutoConfigurationTests.KEY, PERSONAL_KEY, HEADER_SECRET,
                            "TestProjectKey", "PersonalSecret");
        });
    }

    @Test
    void theConfigSummaryShowsNoSecret() {
        runner.run(context -> {
            PostHogConfigSummary summary = PostHogConfigSummary.of(context.getBean(PostHogProperties.class));
            assertThat(summary.apiKey()).isEqualTo("phc_****");
            assertThat(summary.personalApiKey()).isEqualTo("phx_****");
            assertThat(summary.headerNames()).containsExactly("X-Proxy-Token");
            assertThat(summary.toString()).doesNotContain(PostHogAutoConfigurationTests.KEY, PERSONAL_KEY,
                    HEADER_SECRET, "TestProjectKey", "PersonalSecret");
        });
    }

    @Test
    void shortOrUnknownKeysAreFullyMasked() {
        assertThat(Secrets.mask("phc_short")).isEqualTo("****");
        assertThat(Secrets.mask("sk-0123456789abcdef")).isEqualTo("****");
        assertThat(Secrets.mask(null)).isEqualTo("<none>");
        assertThat(Secrets.mask(" ")).isEqualTo("<none>");
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(PostHogProperties.class)
    static class PropertiesOnly {
    }
}
