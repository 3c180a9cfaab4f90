package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.web;

import io.github.posthogcommunity.posthog.EventContext;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.context.PostHogContextAccessor;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * The reactive counterpart of the servlet request context filter: turns the {@code X-POSTHOG-DISTINCT-ID} and
 * {@code X-POSTHOG-SESSION-ID} request headers into the request's {@code EventContext}, written into the Reactor
 * context under {@link PostHogContextAccessor#KEY} (so that, with automatic context propagation, the
 * {@code PostHogContext} thread-local holds it wherever the request's pipeline runs) and into the exchange
 * attribute {@link #CONTEXT_ATTRIBUTE} (for exception capture, which runs outside the filter chain).
 */
public final class PostHogWebFilter implements WebFilter, Ordered {

    /** The exchange attribute holding the request's {@code EventContext}. */
    public static final String CONTEXT_ATTRIBUTE = PostHogWebFilter.class.getName() + ".CONTEXT";

    /** Early, so that events captured by other filters see the identity too. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        String distinctId = HeaderValues.clean(headers.getFirst(PostHogRequestContextFilter.DISTINCT_ID_HEADER));
        String sessionId = HeaderValues.clean(headers.getFirst(PostHogRequestContextFilter.SESSION_ID_HEADER));
        if (distinctId == null && sessionId == null) {
            return chain.filter(exchange);
        }
        return withContext(exchange, chain, new EventContext(distinctId, sessionId));
    }

    /** Continues the chain with {@code context} as the request's identity (attribute and Reactor context). */
    public static Mono<Void> withContext(ServerWebExchange exchange, WebFilterChain chain, EventContext context) {
        exchange.getAttributes().put(CONTEXT_ATTRIBUTE, context);
        return chain.filter(exchange).contextWrite(Context.of(PostHogContextAccessor.KEY, context));
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
