package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.web;

import io.github.posthogcommunity.posthog.EventContext;
import io.github.posthogcommunity.posthog.PostHogContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Makes the {@code X-POSTHOG-DISTINCT-ID} and {@code X-POSTHOG-SESSION-ID} request headers (any case) the
 * identity of events captured without an explicit distinct id while the request is handled, through the
 * {@link PostHogContext} (which {@code @Async} work and executors carry along). The previous context is restored
 * when the request ends, also when it fails. The headers are caller-controlled: they are never used for
 * authentication, and an authenticated principal replaces the distinct id they name.
 */
final class PostHogRequestContextFilter extends OncePerRequestFilter {

    static final String DISTINCT_ID_HEADER = "X-POSTHOG-DISTINCT-ID";
    static final String SESSION_ID_HEADER = "X-POSTHOG-SESSION-ID";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String distinctId = HeaderValues.clean(request.getHeader(DISTINCT_ID_HEADER));
        String sessionId = HeaderValues.clean(request.getHeader(SESSION_ID_HEADER));
        if (distinctId == null && sessionId == null) {
            chain.doFilter(request, response);
            return;
        }
        EventContext previous = PostHogContext.current();
        PostHogContext.set(new EventContext(distinctId, sessionId));
        try {
            chain.doFilter(request, response);
        } finally {
            PostHogContext.set(previous);
        }
    }
}
