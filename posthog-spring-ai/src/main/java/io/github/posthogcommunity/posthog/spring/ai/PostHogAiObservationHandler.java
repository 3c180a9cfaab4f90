package io.github.posthogcommunity.posthog.spring.ai;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.spring.ai.internal.AiEvents;
import io.github.posthogcommunity.posthog.spring.ai.internal.AiSpan;
import io.github.posthogcommunity.posthog.spring.ai.internal.ContentBudget;
import io.github.posthogcommunity.posthog.spring.ai.internal.Failures;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.jspecify.annotations.Nullable;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Turns Spring AI observations into PostHog LLM-analytics events, sent through {@link PostHogClient#captureAi}:
 * a chat-model call becomes one {@code $ai_generation} (a streamed one when its stream completes, fails or is
 * cancelled), an embedding call one {@code $ai_embedding}, a tool call and an advisor one {@code $ai_span}, and a
 * chat-client call the {@code $ai_trace} that links them ({@code $ai_trace_id}, {@code $ai_span_id},
 * {@code $ai_parent_id}).
 *
 * <p>Register it with the {@code ObservationRegistry} the Spring AI models and clients use; the Spring Boot
 * auto-configuration of this module does that. The start of an observation only records a span id, the identity of
 * the calling thread and a timestamp; the event is built when the observation stops, after the model answered, and
 * handed to the client without blocking. Nothing it does can make the model call fail: every error is contained and
 * logged at most once a minute.
 */
public final class PostHogAiObservationHandler implements ObservationHandler<Observation.Context> {

    private final PostHogClient client;
    private final boolean privacyMode;
    private final int maxContentLength;
    private final @Nullable AiContentRedactor redactor;
    private final LongSupplier nanoTime;

    private PostHogAiObservationHandler(Builder builder) {
        this.client = builder.client;
        this.privacyMode = builder.privacyMode;
        this.maxContentLength = builder.maxContentLength;
        this.redactor = builder.redactor;
        this.nanoTime = builder.nanoTime;
    }

    /** A builder for a handler that sends through {@code client}. */
    public static Builder builder(PostHogClient client) {
        return new Builder(client);
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
        try {
            return AiEvents.supports(context);
        } catch (RuntimeException | LinkageError e) {
            Failures.contain(e, "recognizing a Spring AI observation");
            return false;
        }
    }

    @Override
    public void onStart(Observation.Context context) {
        try {
            context.put(AiSpan.class, AiEvents.start(context, nanoTime.getAsLong()));
        } catch (Throwable t) {
            Failures.contain(t, "starting a PostHog AI span");
        }
    }

    @Override
    public void onStop(Observation.Context context) {
        try {
            Object state = context.get(AiSpan.class);
            if (!(state instanceof AiSpan span)) {
                return; // started before this handler was registered
            }
            ContentBudget budget = new ContentBudget(privacyMode, maxContentLength, redactor);
            AiEvents.AiEvent event = AiEvents.stop(context, span, budget, nanoTime.getAsLong());
            if (event != null) {
                client.captureAi(event.distinctId(), event.name(), event.properties());
            }
        } catch (Throwable t) {
            Failures.contain(t, "capturing a PostHog AI event");
        }
    }

    /** Options of a {@link PostHogAiObservationHandler}. */
    public static final class Builder {

        private final PostHogClient client;
        private boolean privacyMode;
        private int maxContentLength = 100_000;
        private @Nullable AiContentRedactor redactor;
        private LongSupplier nanoTime = System::nanoTime;

        private Builder(PostHogClient client) {
            this.client = Objects.requireNonNull(client, "client");
        }

        /** Leave out every input, output, tool argument, tool result and tool definition (default {@code false}). */
        public Builder privacyMode(boolean value) {
            this.privacyMode = value;
            return this;
        }

        /** Most characters of content one event carries; the rest is cut with a marker (default 100 000). */
        public Builder maxContentLength(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("maxContentLength must be >= 0, was " + value);
            }
            this.maxContentLength = value;
            return this;
        }

        /** Rewrites each piece of content before it is sent; {@code null} for none. */
        public Builder redactor(@Nullable AiContentRedactor value) {
            this.redactor = value;
            return this;
        }

        /** The clock that measures {@code $ai_latency} (default {@link System#nanoTime()}). */
        public Builder nanoTime(LongSupplier value) {
            this.nanoTime = Objects.requireNonNull(value, "nanoTime");
            return this;
        }

        /** The handler. */
        public PostHogAiObservationHandler build() {
            return new PostHogAiObservationHandler(this);
        }
    }
}
