package io.github.posthogcommunity.posthog.spring.ai;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.PostHogContext;
import io.micrometer.observation.ObservationRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.ToolCallingAdvisor;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.OpenAiEmbeddingModel;
import org.springframework.ai.openai.OpenAiEmbeddingOptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Spring AI stack wired to two local servers: an OpenAI-compatible model server and PostHog. The handler
 * is registered on the observation registry every model, client and tool-calling manager uses.
 */
final class AiRig implements AfterEachCallback {

    /** Properties the SDK adds to every event; the tests compare the rest exactly. */
    private static final Set<String> SDK_PROPERTIES = Set.of("$lib", "$lib_version", "$geoip_disable");
    /** Properties whose values are random or timing: checked on their own, then left out of exact comparisons. */
    static final Set<String> VARIABLE = Set.of("$ai_latency", "$ai_trace_id", "$ai_span_id", "$ai_parent_id");

    final OpenAiServer openai;
    final PostHogServer posthog;
    final PostHogClient client;
    final ObservationRegistry registry = ObservationRegistry.create();
    final ToolCallingManager toolCallingManager;

    AiRig() {
        this(UnaryOperator.identity());
    }

    AiRig(UnaryOperator<PostHogAiObservationHandler.Builder> handler) {
        try {
            openai = new OpenAiServer();
            posthog = new PostHogServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        client = posthog.client();
        registry.observationConfig().observationHandler(handler.apply(PostHogAiObservationHandler.builder(client))
                .build());
        toolCallingManager = ToolCallingManager.builder().observationRegistry(registry).build();
    }

    OpenAiChatModel chatModel() {
        return OpenAiChatModel.builder()
                .options(OpenAiChatOptions.builder().baseUrl(openai.baseUrl()).apiKey("sk-test")
                        .model("gpt-4o-mini").temperature(0.2).maxTokens(64).maxRetries(0)
                        .timeout(Duration.ofSeconds(30)).build())
                .observationRegistry(registry)
                .toolCallingManager(toolCallingManager)
                .build();
    }

    ChatClient chatClient() {
        return ChatClient.builder(chatModel(), registry, null, null,
                ToolCallingAdvisor.builder().toolCallingManager(toolCallingManager)).build();
    }

    OpenAiEmbeddingModel embeddingModel() {
        return OpenAiEmbeddingModel.builder()
                .options(OpenAiEmbeddingOptions.builder().baseUrl(openai.baseUrl()).apiKey("sk-test")
                        .model("text-embedding-3-small").maxRetries(0).build())
                .observationRegistry(registry)
                .build();
    }

    /** Flushes the client and returns every AI event PostHog received. */
    List<JsonNode> sent() {
        client.flush();
        return posthog.aiEvents();
    }

    /**
     * Waits until PostHog received {@code count} AI events, flushing on each poll: a stream's observation stops
     * after its subscriber saw the end, possibly on another thread.
     */
    List<JsonNode> awaitSent(int count) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> sent().size() >= count);
        return sent();
    }

    /** The event's name, distinct id and properties, without SDK-added and variable properties. */
    static ObjectNode stable(JsonNode event) {
        ObjectNode out = PostHogServer.JSON.createObjectNode();
        out.put("event", event.get("event").asString());
        out.put("distinct_id", event.get("distinct_id").asString());
        ObjectNode props = out.putObject("properties");
        event.get("properties").properties().forEach(e -> {
            if (!SDK_PROPERTIES.contains(e.getKey()) && !VARIABLE.contains(e.getKey())) {
                props.set(e.getKey(), e.getValue());
            }
        });
        assertThat(event.get("properties").get("$ai_latency").isNumber()).as("$ai_latency is a number").isTrue();
        assertThat(event.get("properties").get("$ai_latency").asDouble()).isGreaterThanOrEqualTo(0);
        return out;
    }

    static JsonNode json(String text) {
        return PostHogServer.JSON.readTree(text);
    }

    static String prop(JsonNode event, String name) {
        JsonNode value = event.get("properties").get(name);
        return value == null ? null : value.asString();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        PostHogContext.clear();
        client.shutdown(Duration.ofSeconds(5));
        openai.close();
        posthog.close();
    }
}
