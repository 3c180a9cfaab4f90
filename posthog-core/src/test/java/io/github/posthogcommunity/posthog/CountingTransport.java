package io.github.posthogcommunity.posthog;

import io.github.posthogcommunity.posthog.http.HttpTransport;
import io.github.posthogcommunity.posthog.http.JdkHttpTransport;
import io.github.posthogcommunity.posthog.http.TransportRequest;
import io.github.posthogcommunity.posthog.http.TransportResponse;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/** Decorates the real transport to count /flags attempts and the ones that got no response. */
final class CountingTransport implements HttpTransport {

    private final JdkHttpTransport delegate = new JdkHttpTransport();
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger noResponses = new AtomicInteger();

    @Override
    public TransportResponse send(TransportRequest request) throws IOException, InterruptedException {
        boolean flags = request.uri().getPath().equals("/flags/");
        if (flags) {
            attempts.incrementAndGet();
        }
        try {
            return delegate.send(request);
        } catch (IOException e) {
            if (flags) {
                noResponses.incrementAndGet();
            }
            throw e;
        }
    }

    JdkHttpTransport delegate() {
        return delegate;
    }

    int attempts() {
        return attempts.get();
    }

    int noResponses() {
        return noResponses.get();
    }
}
