package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.exceptions;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Ordered last among the handler exception resolvers, so it only sees exceptions that no other resolver handled
 * (no {@code @ExceptionHandler}, {@code @ResponseStatus}, {@code ResponseStatusException} nor Spring MVC's standard
 * exceptions): those escape the {@code DispatcherServlet} and become a 500 error response. It captures them and
 * returns {@code null}, so the response stays exactly what Spring and the servlet container produce.
 */
final class PostHogUnhandledExceptionResolver implements HandlerExceptionResolver, Ordered {

    private final PostHogMvcExceptionCapture capture;

    PostHogUnhandledExceptionResolver(PostHogMvcExceptionCapture capture) {
        this.capture = capture;
    }

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
                                         Exception ex) {
        request.removeAttribute(PostHogHandledExceptionRecorder.PENDING_ATTRIBUTE);
        capture.capture(request, ex, false, HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
        return null;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
