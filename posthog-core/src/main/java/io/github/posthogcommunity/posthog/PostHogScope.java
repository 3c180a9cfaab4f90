package io.github.posthogcommunity.posthog;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A try-with-resources scope over the thread's {@link PostHogContext}: events captured inside it (and exceptions
 * captured with {@code captureException}) carry its distinct id when they have none of their own, its session id as
 * {@code $session_id}, and its tags as properties (the event's own properties win). Flag reads without a distinct
 * id use its distinct id.
 *
 * <pre>{@code
 * try (PostHogScope scope = PostHogContext.scope().distinctId("u1").tag("tenant", "acme").open()) {
 *     ...
 * }
 * }</pre>
 *
 * <p>Closing restores the context the scope replaced, also when it ends with an exception. Scopes closed out of
 * order are handled: closing an outer scope while an inner one is open leaves the inner one current, and closing
 * the inner one then restores what the outer one replaced. Close a scope on the thread that opened it; closing it
 * twice does nothing. Not shared between threads: the context follows {@code @Async} and Reactor work through the
 * context-propagation integration, not through the scope object.
 */
public final class PostHogScope implements AutoCloseable {

    private final PostHogContext.Frame frame;

    private PostHogScope(PostHogContext.Frame frame) {
        this.frame = frame;
    }

    /** The context this scope installed. */
    public EventContext context() {
        return frame.context;
    }

    /** Restores the context this scope replaced (see the class description for scopes closed out of order). */
    @Override
    public void close() {
        if (!frame.closed) {
            PostHogContext.restore(frame);
        }
    }

    @Override
    public String toString() {
        return "PostHogScope{distinctId=" + frame.context.distinctId() + ", tags=" + frame.context.properties().keySet()
                + (frame.closed ? ", closed" : "") + "}";
    }

    /** Describes a scope; obtained from {@link PostHogContext#scope()}. Not thread-safe. */
    public static final class Builder {
        private String distinctId;
        private String sessionId;
        private final Map<String, Object> tags = new LinkedHashMap<>();
        private boolean fresh;

        Builder() {
        }

        /** The distinct id of events captured without one; default: inherited. */
        public Builder distinctId(String value) {
            this.distinctId = value;
            return this;
        }

        /** The session id sent as {@code $session_id} unless the event sets one; default: inherited. */
        public Builder sessionId(String value) {
            this.sessionId = value;
            return this;
        }

        /** A property added to every event captured in the scope unless the event sets it; wins over inherited tags. */
        public Builder tag(String key, Object value) {
            tags.put(Objects.requireNonNull(key, "tag key"), value);
            return this;
        }

        /** Adds every entry as a {@link #tag(String, Object) tag}. */
        public Builder tags(Map<String, ?> values) {
            if (values != null) {
                values.forEach(this::tag);
            }
            return this;
        }

        /** Starts from an empty context instead of inheriting the current one's distinct id, session id and tags. */
        public Builder fresh() {
            this.fresh = true;
            return this;
        }

        /** Installs the scope on the current thread; close it (try-with-resources) to restore the previous context. */
        public PostHogScope open() {
            PostHogContext.Frame previous = PostHogContext.currentFrame();
            EventContext parent = fresh || previous == null ? null : previous.context;
            EventContext context;
            if (parent == null) {
                context = new EventContext(distinctId, sessionId, tags);
            } else {
                Map<String, Object> merged = new LinkedHashMap<>(parent.properties());
                merged.putAll(tags);
                context = new EventContext(distinctId != null ? distinctId : parent.distinctId(),
                        sessionId != null ? sessionId : parent.sessionId(), merged);
            }
            PostHogContext.Frame frame = new PostHogContext.Frame(context, previous);
            PostHogContext.install(frame);
            return new PostHogScope(frame);
        }
    }
}
