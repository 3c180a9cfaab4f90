package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.exceptions;

import io.github.posthogcommunity.posthog.internal.exceptions.ExceptionRateLimiter;
import io.github.posthogcommunity.posthog.EventContext;
import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.PostHogContext;
import io.github.posthogcommunity.posthog.exceptions.ExceptionOptions;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.web.PostHogWebFilter;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.core.Ordered;
import org.springframework.web.ErrorResponse;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import org.springframework.web.util.pattern.PathPattern;

import reactor.core.publisher.Mono;

/**
 * Captures exceptions that escape Spring WebFlux handlers as {@code $exception} events, then passes each on
 * untouched ({@code Mono.error}) to the next exception handler, so the error response stays exactly what Spring
 * Boot's error handling produces. Ordered before Boot's {@code ErrorWebExceptionHandler}. Exceptions that carry
 * their own response status ({@link ErrorResponse}, such as {@code ResponseStatusException}) are resolved by the
 * framework, as in Spring MVC: they are captured only with {@code include-handled}, as handled, with their status.
 * The identity is the request's ({@link PostHogWebFilter#CONTEXT_ATTRIBUTE}); each exception is captured at most
 * once per request and at most {@code rate-limit.max-per-type} per class per window.
 */
public final class PostHogWebFluxExceptionCapture implements WebExceptionHandler, Ordered {

    /** Just before Spring Boot's {@code DefaultErrorWebExceptionHandler} (order -1). */
    static final int ORDER = -2;

    private static final String CAPTURED_ATTRIBUTE = PostHogWebFluxExceptionCapture.class.getName() + ".CAPTURED";

    private final PostHogClient client;
    private final ExceptionRateLimiter limiter;
    private final boolean includeHandled;
    private final AtomicLong captured = new AtomicLong();

    PostHogWebFluxExceptionCapture(PostHogClient client, ExceptionRateLimiter limiter, boolean includeHandled) {
        this.client = client;
        this.limiter = limiter;
        this.includeHandled = includeHandled;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        try {
            capture(exchange, ex);
        } catch (RuntimeException captureFailed) {
            // Capturing must never change the response: the original error goes on regardless.
        }
        return Mono.error(ex);
    }

    private void capture(ServerWebExchange exchange, Throwable ex) {
        boolean handled = ex instanceof ErrorResponse;
        if (handled && !includeHandled) {
            return;
        }
        if (exchange.getAttributes().get(CAPTURED_ATTRIBUTE) == ex) {
            return;
        }
        exchange.getAttributes().put(CAPTURED_ATTRIBUTE, ex);
        if (!limiter.tryAcquire(ex.getClass().getName())) {
            return;
        }
        int status = ex instanceof ErrorResponse response ? response.getStatusCode().value() : 500;
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("$request_method", exchange.getRequest().getMethod().name());
        Object pattern = exchange.getAttributes().get(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        if (pattern != null) {
            properties.put("$request_path_template",
                    pattern instanceof PathPattern path ? path.getPatternString() : pattern.toString());
        }
        properties.put("$response_status", status);
        properties.put("$exception_source", "spring-webflux");
        ExceptionOptions options = handled ? ExceptionOptions.defaults() : ExceptionOptions.unhandled();
        Object identity = exchange.getAttributes().get(PostHogWebFilter.CONTEXT_ATTRIBUTE);
        EventContext previous = PostHogContext.current();
        PostHogContext.set(identity instanceof EventContext context ? context : null);
        try {
            if (client.captureException(ex, null, properties, options) != null) {
                captured.incrementAndGet();
            }
        } finally {
            PostHogContext.set(previous);
        }
    }

    /** Exceptions sent (accepted by the client) since start. */
    public long capturedCount() {
        return captured.get();
    }

    /** Exceptions not captured because of the per-class rate limit, since start. */
    public long rateLimitedCount() {
        return limiter.refused();
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
