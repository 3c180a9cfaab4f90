package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.web;

import io.github.posthogcommunity.posthog.EventContext;
import io.github.posthogcommunity.posthog.PostHogContext;

import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.ServletException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostHogRequestContextFilterTests {

    private final PostHogRequestContextFilter filter = new PostHogRequestContextFilter();

    @AfterEach
    void clear() {
        PostHogContext.clear();
    }

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
                seen.set(PostHogContext.current());
            }
        }));

        assertThat(seen.get()).isEqualTo(new EventContext("visitor-7", "session-9"));
        assertThat(PostHogContext.current()).isNull();
    }

    @Test
    void withoutHeadersNoContextIsSet() throws Exception {
        AtomicReference<EventContext> seen = new AtomicReference<>(new EventContext("x", "y"));
        filter.doFilter(new MockHttpServletRequest(), new MockHttpServletResponse(),
                (req, res) -> seen.set(PostHogContext.current()));
        assertThat(seen.get()).isNull();
    }

    @Test
    void theContextIsClearedWhenTheRequestFails() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader("X-POSTHOG-DISTINCT-ID", "visitor-7");
        assertThatThrownBy(() -> filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> {
            throw new ServletException("handler failed");
        })).isInstanceOf(ServletException.class);
        assertThat(PostHogContext.current()).isNull();
    }

    @Test
    void aRequestInsideAnOuterContextRestoresIt() throws Exception {
        EventContext outer = new EventContext("outer", null);
        PostHogContext.set(outer);
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader("X-POSTHOG-DISTINCT-ID", "inner");
        AtomicReference<EventContext> seen = new AtomicReference<>();
        filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> seen.set(PostHogContext.current()));
        assertThat(seen.get().distinctId()).isEqualTo("inner");
        assertThat(PostHogContext.current()).isEqualTo(outer);
    }
}
