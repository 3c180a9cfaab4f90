/**
 * PostHog LLM analytics for Spring AI: an observation handler that turns chat-model, embedding-model, tool,
 * chat-client and advisor observations into {@code $ai_generation}, {@code $ai_embedding}, {@code $ai_span} and
 * {@code $ai_trace} events, sent through the client's AI lane.
 */
@NullMarked
package io.github.posthogcommunity.posthog.spring.ai;

import org.jspecify.annotations.NullMarked;
