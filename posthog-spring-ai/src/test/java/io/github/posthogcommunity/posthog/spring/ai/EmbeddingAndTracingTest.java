package io.github.posthogcommunity.posthog.spring.ai;

import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.ai.embedding.EmbeddingResponse;
import tools.jackson.databind.JsonNode;

import java.util.List;

import static io.github.posthogcommunity.posthog.spring.ai.AiRig.json;
import static io.github.posthogcommunity.posthog.spring.ai.AiRig.prop;
import static io.github.posthogcommunity.posthog.spring.ai.AiRig.stable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddingAndTracingTest {

    @RegisterExtension
    final AiRig rig = new AiRig();

    @Test
    void anEmbeddingCallSendsOneEmbeddingEvent() {
        rig.openai.enqueueJson(OpenAiServer.embedding("text-embedding-3-small", 5));

        EmbeddingResponse response = rig.embeddingModel().embedForResponse(List.of("first text", "second text"));

        assertThat(response.getResults()).hasSize(2);
        List<JsonNode> events = rig.sent();
        assertThat(events).hasSize(1);
        JsonNode event = events.get(0);
        assertThat(stable(event)).isEqualTo(json("""
                {"event":"$ai_embedding","distinct_id":"%s","properties":{
                  "$ai_provider":"openai",
                  "$ai_model":"text-embedding-3-small",
                  "$ai_model_parameters":{"model":"text-embedding-3-small"},
                  "$ai_base_url":"%s",
                  "$ai_input":["first text","second text"],
                  "$ai_input_tokens":5,
                  "$ai_http_status":200,
                  "$is_server":true,"$process_person_profile":false}}
                """.formatted(prop(event, "$ai_trace_id"), rig.openai.baseUrl())));
    }

    @Test
    void aFailedEmbeddingCallSendsItsStatus() {
        rig.openai.enqueueError(429, "{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit\"}}");

        assertThatThrownBy(() -> rig.embeddingModel().embed("text")).hasMessageContaining("slow down");

        JsonNode props = rig.sent().get(0).get("properties");
        assertThat(props.get("$ai_http_status").asInt()).isEqualTo(429);
        assertThat(props.get("$ai_is_error").asBoolean()).isTrue();
        assertThat(props.get("$ai_input").asString()).isEqualTo("text");
    }

    @Test
    void withMicrometerTracingTheTraceIdIsTheTracingOne() {
        SimpleTracer tracer = new SimpleTracer();
        rig.registry.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
        rig.openai.enqueueJson(OpenAiServer.completion("Hi", 5, 1, 0));

        rig.chatClient().prompt().user("Hi?").call().content();

        List<JsonNode> events = rig.sent();
        assertThat(events).hasSizeGreaterThanOrEqualTo(3);
        List<String> traceIds = tracer.getSpans().stream().map(SimpleSpan::getTraceId).distinct().toList();
        assertThat(traceIds).hasSize(1);
        assertThat(traceIds.get(0)).isNotBlank();
        assertThat(events).allSatisfy(e -> assertThat(prop(e, "$ai_trace_id")).isEqualTo(traceIds.get(0)));
    }
}
