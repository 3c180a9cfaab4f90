package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.exceptions;

import io.github.posthogcommunity.posthog.internal.exceptions.ExceptionRateLimiter;
import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.exceptions.ExceptionOptions;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.web.servlet.HandlerMapping;

/**
 * Captures exceptions of Spring MVC requests as {@code $exception} events with the request's context: method, the
 * best-matching path pattern (never the raw path, which may carry ids) and the response status. The distinct id
 * comes from the request context ({@code X-POSTHOG-DISTINCT-ID}), else the event is personless. Each exception is
 * captured at most once per request, and at most {@code rate-limit.max-per-type} per class per window.
 */
public final class PostHogMvcExceptionCapture {

    /** The request attribute that remembers the exception already captured for the request. */
    static final String CAPTURED_ATTRIBUTE = PostHogMvcExceptionCapture.class.getName() + ".CAPTURED";

    private final PostHogClient client;
    private final ExceptionRateLimiter limiter;
    private final AtomicLong captured = new AtomicLong();

    PostHogMvcExceptionCapture(PostHogClient client, ExceptionRateLimiter limiter) {
        this.client = client;
        this.limiter = limiter;
    }

    /**
     * Captures {@code thrown} unless it was already captured for this request or the rate limit refuses it. An
     * {@link Error} thrown by a handler arrives wrapped by the {@code DispatcherServlet} in a
     * {@code ServletException("Handler dispatch failed: ...")}; the error itself is captured, so that it groups by
     * its own type and message.
     */
    void capture(HttpServletRequest request, Throwable thrown, boolean handled, int status) {
        Throwable exception = thrown instanceof ServletException wrapper && wrapper.getCause() instanceof Error error
                ? error : thrown;
        if (request.getAttribute(CAPTURED_ATTRIBUTE) == exception) {
            return;
        }
        request.setAttribute(CAPTURED_ATTRIBUTE, exception);
        if (!limiter.tryAcquire(exception.getClass().getName())) {
            return;
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("$request_method", request.getMethod());
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        if (pattern != null) {
            properties.put("$request_path_template", pattern.toString());
        }
        properties.put("$response_status", status);
        properties.put("$exception_source", "spring-mvc");
        ExceptionOptions options = handled ? ExceptionOptions.defaults() : ExceptionOptions.unhandled();
        if (client.captureException(exception, null, properties, options) != null) {
            captured.incrementAndGet();
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
}
