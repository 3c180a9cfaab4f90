package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.web;

import io.github.posthogcommunity.posthog.EventContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Makes the {@code X-POSTHOG-DISTINCT-ID} and {@code X-POSTHOG-SESSION-ID} request headers (any case) the
 * identity of events captured without an explicit distinct id while the request is handled on this thread. The
 * context is removed when the request ends, also when it fails. The headers are never used for authentication.
 */
final class PostHogRequestContextFilter extends OncePerRequestFilter {

    static final String DISTINCT_ID_HEADER = "X-POSTHOG-DISTINCT-ID";
    static final String SESSION_ID_HEADER = "X-POSTHOG-SESSION-ID";

    private final RequestEventContext context;

    PostHogRequestContextFilter(RequestEventContext context) {
        this.context = context;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String distinctId = HeaderValues.clean(request.getHeader(DISTINCT_ID_HEADER));
        String sessionId = HeaderValues.clean(request.getHeader(SESSION_ID_HEADER));
        if (distinctId == null && sessionId == null) {
            chain.doFilter(request, response);
            return;
        }
        EventContext previous = context.enter(new EventContext(distinctId, sessionId));
        try {
            chain.doFilter(request, response);
        } finally {
            context.restore(previous);
        }
    }
}
