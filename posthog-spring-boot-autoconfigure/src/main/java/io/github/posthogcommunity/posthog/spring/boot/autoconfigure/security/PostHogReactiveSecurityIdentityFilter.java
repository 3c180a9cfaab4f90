package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.security;

import io.github.posthogcommunity.posthog.EventContext;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.web.PostHogWebFilter;

import java.util.Optional;

import org.springframework.core.Ordered;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * The reactive counterpart of {@link PostHogSecurityIdentityFilter}: ordered right after Spring Security's
 * {@code WebFilterChainProxy} (order -100), it reads the authentication from the Reactor context and, when the
 * request is authenticated, continues with the resolved distinct id as the request's identity.
 */
final class PostHogReactiveSecurityIdentityFilter implements WebFilter, Ordered {

    /** Right after Spring Security's {@code WebFilterChainProxy}. */
    static final int ORDER = -99;

    private final PostHogDistinctIdResolver resolver;

    PostHogReactiveSecurityIdentityFilter(PostHogDistinctIdResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return ReactiveSecurityContextHolder.getContext()
                .map(context -> Optional.ofNullable(context.getAuthentication()))
                .defaultIfEmpty(Optional.empty())
                .flatMap(authentication -> {
                    Object attribute = exchange.getAttributes().get(PostHogWebFilter.CONTEXT_ATTRIBUTE);
                    EventContext current = attribute instanceof EventContext context ? context : null;
                    EventContext applied = SecurityIdentity.apply(current, authentication.orElse(null), resolver);
                    return applied == current || applied == null ? chain.filter(exchange)
                            : PostHogWebFilter.withContext(exchange, chain, applied);
                });
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
