package io.github.posthogcommunity.posthog.spring.ai.internal;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;


/**
 * The {@code $ai_trace_id} shared by every span under one root observation. Resolved on first use, which is the
 * stop of the first span to end: by then every observation handler has started the root, so a Micrometer Tracing
 * span on it is visible and its trace id is used; without one, a random id. Thread-safe.
 */
public final class TraceRef {

    private static final boolean TRACING = isPresent("io.micrometer.tracing.handler.TracingObservationHandler");

    private final Observation.Context root;
    private volatile @Nullable String id;

    TraceRef(Observation.Context root) {
        this.root = root;
    }

    /** The trace id; the same for every caller. */
    public String id() {
        String value = id;
        if (value == null) {
            synchronized (this) {
                value = id;
                if (value == null) {
                    value = resolve();
                    id = value;
                }
            }
        }
        return value;
    }

    private String resolve() {
        if (TRACING) {
            try {
                String traceId = TracingTraceId.of(root);
                if (traceId != null) {
                    return traceId;
                }
            } catch (RuntimeException | LinkageError e) {
                Failures.contain(e, "reading the Micrometer Tracing trace id");
            }
        }
        return Ids.random();
    }

    private static boolean isPresent(String className) {
        try {
            Class.forName(className, false, TraceRef.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
