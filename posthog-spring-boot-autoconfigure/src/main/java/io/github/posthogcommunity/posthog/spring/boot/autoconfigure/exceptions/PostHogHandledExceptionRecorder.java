package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.exceptions;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;

/**
 * With {@code include-handled}: as the first resolver it notes the exception on the request (and returns
 * {@code null}, changing nothing); when a later resolver handled it, the request completes normally and
 * {@link #afterCompletion} captures it as handled with the status the handler chose. Exceptions that no resolver
 * handles are taken over by {@link PostHogUnhandledExceptionResolver}, which clears the note.
 */
final class PostHogHandledExceptionRecorder implements HandlerExceptionResolver, HandlerInterceptor, Ordered {

    static final String PENDING_ATTRIBUTE = PostHogHandledExceptionRecorder.class.getName() + ".PENDING";

    private final PostHogMvcExceptionCapture capture;

    PostHogHandledExceptionRecorder(PostHogMvcExceptionCapture capture) {
        this.capture = capture;
    }

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
                                         Exception ex) {
        request.setAttribute(PENDING_ATTRIBUTE, ex);
        return null;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
                                Exception ex) {
        Object pending = request.getAttribute(PENDING_ATTRIBUTE);
        if (pending instanceof Throwable handled) {
            request.removeAttribute(PENDING_ATTRIBUTE);
            capture.capture(request, handled, true, response.getStatus());
        }
    }

    /** Right after Spring Boot's {@code DefaultErrorAttributes} (which also only records), before every handler. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }
}
