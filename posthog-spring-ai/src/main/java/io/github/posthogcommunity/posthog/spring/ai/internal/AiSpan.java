package io.github.posthogcommunity.posthog.spring.ai.internal;

import io.github.posthogcommunity.posthog.EventContext;
import io.github.posthogcommunity.posthog.PostHogContext;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;


/**
 * What the handler keeps in an observation's context between its start and its stop: its span id, its parent span,
 * the shared trace and the identity captured on the calling thread. Immutable; a few dozen bytes per observation.
 *
 * @param spanId this observation's {@code $ai_span_id}
 * @param parent the nearest enclosing observation this handler captures, or {@code null} for a root
 * @param trace the trace shared with every span under the same root
 * @param distinctId the distinct id the events are attributed to, or {@code null} for personless events
 * @param sessionId the ambient session id, sent as {@code $session_id}, or {@code null}
 * @param traceRoot whether this span is sent as the {@code $ai_trace} itself (a root chat-client call): its
 *                  children then name the trace id as their parent
 * @param startNanos when the observation started
 */
public record AiSpan(String spanId, @Nullable AiSpan parent, TraceRef trace, @Nullable String distinctId,
                     @Nullable String sessionId, boolean traceRoot, long startNanos) {

    /**
     * The span of an observation that starts now under {@code context}'s parents: it inherits the trace and the
     * identity of the nearest captured ancestor, or starts a trace with the ambient {@link PostHogContext} identity.
     *
     * @param distinctIdOverride a per-call distinct id, or {@code null}
     * @param rootIsTrace whether a root of this kind is sent as the {@code $ai_trace}
     */
    public static AiSpan start(Observation.Context context, @Nullable String distinctIdOverride, boolean rootIsTrace,
                               long nowNanos) {
        AiSpan parent = parentOf(context);
        String spanId = Ids.random();
        if (parent != null) {
            String distinctId = distinctIdOverride != null ? distinctIdOverride : parent.distinctId();
            return new AiSpan(spanId, parent, parent.trace(), distinctId, parent.sessionId(), false, nowNanos);
        }
        EventContext ambient = PostHogContext.current();
        String distinctId = distinctIdOverride;
        if (distinctId == null && ambient != null && ambient.distinctId() != null && !ambient.distinctId().isBlank()) {
            distinctId = ambient.distinctId();
        }
        String sessionId = ambient == null ? null : ambient.sessionId();
        return new AiSpan(spanId, null, new TraceRef(context), distinctId, sessionId, rootIsTrace, nowNanos);
    }

    /** The {@code $ai_parent_id} of this span's events, or {@code null} for a root. */
    public @Nullable String parentId() {
        if (parent == null) {
            return null;
        }
        return parent.traceRoot() ? trace.id() : parent.spanId();
    }

    private static @Nullable AiSpan parentOf(Observation.Context context) {
        Observation.ContextView current = parentContext(context);
        for (int depth = 0; current != null && depth < 64; depth++) {
            Object span = current.get(AiSpan.class);
            if (span instanceof AiSpan found) {
                return found;
            }
            current = parentContext(current);
        }
        return null;
    }

    private static Observation.@Nullable ContextView parentContext(Observation.ContextView context) {
        var parent = context.getParentObservation();
        return parent == null ? null : parent.getContextView();
    }
}
