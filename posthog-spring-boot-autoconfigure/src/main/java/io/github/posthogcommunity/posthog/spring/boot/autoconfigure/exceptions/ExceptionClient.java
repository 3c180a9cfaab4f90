package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.exceptions;

import io.github.posthogcommunity.posthog.PostHogClient;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;

/** Chooses the client that captures exceptions autocaptured by a web framework integration. */
final class ExceptionClient {

    private static final Log LOG = LogFactory.getLog(ExceptionClient.class);

    private ExceptionClient() {
    }

    /**
     * The only client, or the {@code @Primary} one among several. Without a primary one, the first in order is
     * chosen and one INFO line says which, so that the choice is never silent.
     */
    static PostHogClient choose(ObjectProvider<PostHogClient> clients) {
        PostHogClient unique = clients.getIfUnique();
        if (unique != null) {
            return unique;
        }
        List<PostHogClient> all = clients.orderedStream().toList();
        if (all.isEmpty()) {
            return PostHogClient.disabled();
        }
        LOG.info("PostHog exception autocapture: several PostHogClient beans and none is @Primary; exceptions are "
                + "captured by " + all.get(0) + ". Mark one @Primary to choose.");
        return all.get(0);
    }
}
