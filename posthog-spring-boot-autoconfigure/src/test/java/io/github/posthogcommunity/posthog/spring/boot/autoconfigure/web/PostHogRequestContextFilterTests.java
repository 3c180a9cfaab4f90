package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.web;

import io.github.posthogcommunity.posthog.EventContext;

import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.ServletException;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostHogRequestContextFilterTests {

    private final RequestEventContext context = new RequestEventContext();
    private final PostHogRequestContextFilter filter = new PostHogRequestContextFilter(context);

    @Test
    void headersInAnyCaseBecomeTheContextForTheRequestOnly() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader("x-posthog-distinct-id", "  visitor-7\u0007 ");
        request.addHeader("X-PostHog-Session-Id", "session-9");
        AtomicReference<EventContext> seen = new AtomicReference<>();

        filter.doFilter(request, new MockHttpServletResponse(), new MockFilterChain(new jakarta.servlet.http.HttpServlet() {
            @Override
            protected void service(jakarta.servlet.http.HttpServletRequest req,
                                   jakarta.servlet.http.HttpServletResponse res) {
                seen.set(context.get());
            }
        }));

        assertThat(seen.get()).isEqualTo(new EventContext("visitor-7", "session-9"));
        assertThat(context.get()).isNull();
    }

    @Test
    void withoutHeadersNoContextIsSet() throws Exception {
        AtomicReference<EventContext> seen = new AtomicReference<>(new EventContext("x", "y"));
        filter.doFilter(new MockHttpServletRequest(), new MockHttpServletResponse(),
                (req, res) -> seen.set(context.get()));
        assertThat(seen.get()).isNull();
    }

    @Test
    void theContextIsClearedWhenTheRequestFails() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader("X-POSTHOG-DISTINCT-ID", "visitor-7");
        assertThatThrownBy(() -> filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> {
            throw new ServletException("handler failed");
        })).isInstanceOf(ServletException.class);
        assertThat(context.get()).isNull();
    }

    @Test
    void aNestedContextRestoresTheOuterOne() {
        EventContext outer = new EventContext("outer", null);
        EventContext before = context.enter(outer);
        EventContext previous = context.enter(new EventContext("inner", null));
        context.restore(previous);
        assertThat(context.get()).isEqualTo(outer);
        context.restore(before);
        assertThat(context.get()).isNull();
    }
}
