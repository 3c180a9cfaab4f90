package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.security;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;

/**
 * The PostHog distinct id of an authenticated user, for events captured without an explicit one while handling
 * the user's request. The default is the principal's name ({@link Authentication#getName()}) of an authenticated,
 * non-anonymous authentication, as Spring Security's {@link AuthenticationTrustResolver}
 * judges it. Declare a bean of this type to use another id, for example a user id held by a custom principal.
 */
@FunctionalInterface
public interface PostHogDistinctIdResolver {

    /**
     * The distinct id of this authentication.
     *
     * @param authentication the request's authentication, never {@code null}
     * @return the distinct id, or {@code null} when the request is to be treated as anonymous (the
     *         {@code X-POSTHOG-DISTINCT-ID} header, if any, then names the user)
     */
    @Nullable String resolve(Authentication authentication);

    /** The default: the principal's name when the authentication is neither anonymous nor unauthenticated. */
    static PostHogDistinctIdResolver principalName() {
        AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();
        return authentication -> trust.isAuthenticated(authentication) ? authentication.getName() : null;
    }
}
