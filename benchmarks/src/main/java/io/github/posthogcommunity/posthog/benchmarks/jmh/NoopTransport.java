package io.github.posthogcommunity.posthog.benchmarks.jmh;

import io.github.posthogcommunity.posthog.http.HttpTransport;
import io.github.posthogcommunity.posthog.http.TransportRequest;
import io.github.posthogcommunity.posthog.http.TransportResponse;

import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * An {@link HttpTransport} that answers 200 at once without I/O. The pipeline still runs for real up to the wire:
 * events are encoded, batched, the body built and (with gzip) compressed, then handed here.
 */
public final class NoopTransport implements HttpTransport {

    private static final TransportResponse OK = new TransportResponse(200, Map.of(), new byte[0]);

    private final LongAdder requests = new LongAdder();
    private final LongAdder bodyBytes = new LongAdder();

    @Override
    public TransportResponse send(TransportRequest request) {
        requests.increment();
        bodyBytes.add(request.body().length);
        return OK;
    }

    public long requests() {
        return requests.sum();
    }

    public long bodyBytes() {
        return bodyBytes.sum();
    }
}
