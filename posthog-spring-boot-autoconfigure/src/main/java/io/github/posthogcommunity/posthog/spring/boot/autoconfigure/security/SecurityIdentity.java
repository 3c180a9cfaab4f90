package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.security;

import io.github.posthogcommunity.posthog.EventContext;

import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;

/** The rule shared by the servlet and reactive integrations: an authenticated principal wins over a header. */
final class SecurityIdentity {

    private static final Log LOG = LogFactory.getLog(SecurityIdentity.class);

    private SecurityIdentity() {
    }

    /**
     * The context with the authenticated user's distinct id, or {@code current} itself when the request is not
     * authenticated or the resolver gave no id. A resolver that throws is logged and treated as no id: identity
     * must never fail a request.
     */
    static @Nullable EventContext apply(@Nullable EventContext current, @Nullable Authentication authentication,
                                        PostHogDistinctIdResolver resolver) {
        if (authentication == null) {
            return current;
        }
        String distinctId;
        try {
            distinctId = resolver.resolve(authentication);
        } catch (RuntimeException e) {
            LOG.warn("PostHogDistinctIdResolver " + resolver.getClass().getName() + " threw "
                    + e.getClass().getName() + "; the request keeps its anonymous identity");
            return current;
        }
        if (distinctId == null || distinctId.isBlank()) {
            return current;
        }
        if (current != null && distinctId.equals(current.distinctId())) {
            return current;
        }
        return new EventContext(distinctId, current == null ? null : current.sessionId(),
                current == null ? Map.of() : current.properties());
    }
}
