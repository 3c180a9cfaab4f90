package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.security;

import io.github.posthogcommunity.posthog.EventContext;
import io.github.posthogcommunity.posthog.PostHogContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs inside Spring Security's filter chain (after it authenticated the request): when the request is
 * authenticated, the resolved distinct id replaces the one of the {@link PostHogContext} (which may come from the
 * caller-controlled {@code X-POSTHOG-DISTINCT-ID} header); the session id and tags are kept. The previous context
 * is restored when the request ends.
 */
final class PostHogSecurityIdentityFilter extends OncePerRequestFilter {

    private final PostHogDistinctIdResolver resolver;

    PostHogSecurityIdentityFilter(PostHogDistinctIdResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        EventContext previous = PostHogContext.current();
        EventContext authenticated = SecurityIdentity.apply(previous, authentication(), resolver);
        if (authenticated == previous) {
            chain.doFilter(request, response);
            return;
        }
        PostHogContext.set(authenticated);
        try {
            chain.doFilter(request, response);
        } finally {
            PostHogContext.set(previous);
        }
    }

    private static Authentication authentication() {
        return SecurityContextHolder.getContext().getAuthentication();
    }
}
