package io.github.posthogcommunity.posthog.spring.ai;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogAutoConfiguration;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PostHogAiAutoConfigurationTest {

    private final OpenAiServer openai;
    private final PostHogServer posthog;
    private final ApplicationContextRunner runner;

    PostHogAiAutoConfigurationTest() throws IOException {
        openai = new OpenAiServer();
        posthog = new PostHogServer();
        runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PostHogAutoConfiguration.class,
                        ObservationAutoConfiguration.class, PostHogAiAutoConfiguration.class))
                .withPropertyValues("posthog.api-key=phc_test_key", "posthog.host=" + posthog.url(),
                        "posthog.compression=none", "posthog.flush-at=1000", "posthog.flush-interval=10m");
    }

    @AfterEach
    void close() {
        openai.close();
        posthog.close();
    }

    @Test
    void theHandlerIsRegisteredWithTheApplicationsObservationRegistry() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(PostHogAiObservationHandler.class);
            List<JsonNode> events = callModel(context.getBean(ObservationRegistry.class),
                    context.getBean(PostHogClient.class));
            assertThat(events).hasSize(1);
            assertThat(events.get(0).get("event").asString()).isEqualTo("$ai_generation");
            assertThat(events.get(0).get("properties").get("$ai_input").toString()).contains("Say hello");
        });
    }

    @Test
    void privacyModeAndTheRedactorBeanAreApplied() {
        runner.withPropertyValues("posthog.ai.max-content-length=50")
                .withBean(AiContentRedactor.class, () -> String::toUpperCase)
                .run(context -> {
                    List<JsonNode> events = callModel(context.getBean(ObservationRegistry.class),
                            context.getBean(PostHogClient.class));
                    assertThat(events.get(0).get("properties").get("$ai_input").toString()).contains("SAY HELLO");
                });
        runner.withPropertyValues("posthog.ai.privacy-mode=true").run(context -> {
            List<JsonNode> events = callModel(context.getBean(ObservationRegistry.class),
                    context.getBean(PostHogClient.class));
            assertThat(events.get(0).get("properties").has("$ai_input")).isFalse();
            assertThat(events.get(0).get("properties").get("$ai_input_tokens").asInt()).isEqualTo(12);
        });
    }

    /**
     * The registry collects the handler, the handler needs the client, and the starter's flag-request Observation
     * needs the registry: the context must still start (the registry is looked up when a flag is first read).
     */
    @Test
    void startsWithTheStartersFlagRequestObservationToo() {
        runner.withConfiguration(AutoConfigurations.of(
                        io.github.posthogcommunity.posthog.spring.boot.autoconfigure.observation
                                .PostHogObservationAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(PostHogAiObservationHandler.class);
                    List<JsonNode> events = callModel(context.getBean(ObservationRegistry.class),
                            context.getBean(PostHogClient.class));
                    assertThat(events).hasSize(1);
                });
    }

    @Test
    void offWhenDisabled() {
        runner.withPropertyValues("posthog.ai.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(PostHogAiObservationHandler.class));
    }

    @Test
    void offWithoutSpringAi() {
        runner.withClassLoader(new FilteredClassLoader(ChatModelObservationContext.class))
                .run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean(PostHogAiObservationHandler.class));
    }

    @Test
    void offWithoutAPostHogClient() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
                        PostHogAiAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean(PostHogAiObservationHandler.class));
    }

    @Test
    void aNegativeContentCapFailsStartUpNamingTheProperty() {
        runner.withPropertyValues("posthog.ai.max-content-length=-1")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("posthog.ai.max-content-length"));
    }

    @Test
    void aUserHandlerReplacesTheDefaultOne() {
        runner.withBean("custom", PostHogAiObservationHandler.class,
                        () -> PostHogAiObservationHandler.builder(PostHogClient.disabled()).build())
                .run(context -> assertThat(context).hasSingleBean(PostHogAiObservationHandler.class)
                        .hasBean("custom"));
    }

    /** Calls a model observed by {@code registry} and returns the AI events PostHog received for that call. */
    private List<JsonNode> callModel(ObservationRegistry registry, PostHogClient client) {
        int before = posthog.aiEvents().size();
        openai.enqueueJson(OpenAiServer.completion("Hello there", 12, 3, 0));
        OpenAiChatModel model = OpenAiChatModel.builder()
                .options(OpenAiChatOptions.builder().baseUrl(openai.baseUrl()).apiKey("sk-test")
                        .model("gpt-4o-mini").maxRetries(0).build())
                .observationRegistry(registry)
                .build();
        model.call(new Prompt("Say hello"));
        client.flush();
        List<JsonNode> all = posthog.aiEvents();
        return all.subList(before, all.size());
    }
}
