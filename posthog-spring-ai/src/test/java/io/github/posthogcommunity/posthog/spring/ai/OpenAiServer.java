package io.github.posthogcommunity.posthog.spring.ai;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** A local OpenAI-compatible model server answering with queued chat-completion, embedding and SSE responses. */
final class OpenAiServer implements AutoCloseable {

    static final String MODEL = "gpt-4o-mini-2024-07-18";

    private final MockWebServer server = new MockWebServer();

    OpenAiServer() throws IOException {
        server.start();
    }

    /** The base URL the OpenAI client is given. */
    String baseUrl() {
        return server.url("/v1").toString();
    }

    void enqueueJson(String json) {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body(json).build());
    }

    void enqueueError(int status, String json) {
        server.enqueue(new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json")
                .body(json).build());
    }

    /** A server-sent-event stream: one {@code data:} line per chunk, then {@code [DONE]}. */
    void enqueueStream(String... chunks) {
        StringBuilder body = new StringBuilder();
        for (String chunk : chunks) {
            body.append("data: ").append(chunk).append("\n\n");
        }
        body.append("data: [DONE]\n\n");
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
                .body(body.toString()).build());
    }

    RecordedRequest takeRequest() throws InterruptedException {
        RecordedRequest request = server.takeRequest(30, TimeUnit.SECONDS);
        if (request == null) {
            throw new AssertionError("the model server received no request");
        }
        return request;
    }

    static String completion(String content, int promptTokens, int completionTokens, int cachedTokens) {
        return """
                {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"%s",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"%s","refusal":null},
                             "finish_reason":"stop","logprobs":null}],
                 "usage":{"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d,
                          "prompt_tokens_details":{"cached_tokens":%d}}}
                """.formatted(MODEL, content, promptTokens, completionTokens, promptTokens + completionTokens,
                cachedTokens);
    }

    static String toolCall(String id, String name, String argumentsJson) {
        return """
                {"id":"chatcmpl-2","object":"chat.completion","created":1700000000,"model":"%s",
                 "choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":null,
                   "tool_calls":[{"id":"%s","type":"function","function":{"name":"%s","arguments":%s}}]},
                   "finish_reason":"tool_calls","logprobs":null}],
                 "usage":{"prompt_tokens":20,"completion_tokens":7,"total_tokens":27}}
                """.formatted(MODEL, id, name, quote(argumentsJson));
    }

    static String chunk(String deltaJson, String finishReason) {
        return """
                {"id":"chatcmpl-3","object":"chat.completion.chunk","created":1700000000,"model":"%s",\
                "choices":[{"index":0,"delta":%s,"finish_reason":%s}]}"""
                .formatted(MODEL, deltaJson, finishReason == null ? "null" : "\"" + finishReason + "\"");
    }

    static String usageChunk(int promptTokens, int completionTokens) {
        return """
                {"id":"chatcmpl-3","object":"chat.completion.chunk","created":1700000000,"model":"%s",\
                "choices":[],"usage":{"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d}}"""
                .formatted(MODEL, promptTokens, completionTokens, promptTokens + completionTokens);
    }

    static String embedding(String model, int promptTokens) {
        return """
                {"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.25,0.5]},
                                         {"object":"embedding","index":1,"embedding":[0.75,1.0]}],
                 "model":"%s","usage":{"prompt_tokens":%d,"total_tokens":%d}}
                """.formatted(model, promptTokens, promptTokens);
    }

    private static String quote(String json) {
        return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public void close() {
        server.close();
    }
}
