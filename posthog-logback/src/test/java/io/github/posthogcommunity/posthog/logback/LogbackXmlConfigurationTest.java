package io.github.posthogcommunity.posthog.logback;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import io.github.posthogcommunity.posthog.PostHogClient;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's logback.xml example configures a working appender. */
class LogbackXmlConfigurationTest {

    @RegisterExtension
    final CapturingServer server = new CapturingServer();

    @Test
    void theReadmeExampleConfiguresTheAppender() throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(LogbackXmlConfigurationTest.class.getResource("readme-logback.xml"));
        PostHogAppender appender = (PostHogAppender) context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                .getAppender("POSTHOG");
        assertThat(appender.isStarted()).isTrue();
        assertThat(appender.getMinimumLevel()).isEqualTo("WARN");

        try (PostHogClient client = server.client()) {
            appender.setClient(client);
            context.getMDCAdapter().put("orderId", "42");
            context.getMDCAdapter().put("customerEmail", "someone@example.com");
            context.getMDCAdapter().put("userId", "user-9");
            context.getLogger("com.acme.Shop").warn("stock low for {}", "sku-1");

            List<JsonNode> events = server.exceptions(client);
            assertThat(events).hasSize(1);
            assertThat(events.get(0).path("distinct_id").asString()).isEqualTo("user-9");
            JsonNode props = events.get(0).path("properties");
            assertThat(props.path("orderId").asString()).isEqualTo("42");
            assertThat(props.has("customerEmail")).isFalse();
            assertThat(props.path("$exception_level").asString()).isEqualTo("warning");
        } finally {
            context.getMDCAdapter().clear();
            context.stop();
        }
    }
}
