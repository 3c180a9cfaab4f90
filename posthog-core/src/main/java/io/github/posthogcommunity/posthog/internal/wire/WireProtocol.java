package io.github.posthogcommunity.posthog.internal.wire;

import io.github.posthogcommunity.posthog.http.TransportRequest;
import io.github.posthogcommunity.posthog.http.TransportResponse;
import io.github.posthogcommunity.posthog.internal.event.EventRecord;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One capture wire format. The dispatcher calls {@link #encode} once per event; sender threads call
 * {@link #request} and {@link #interpret} per attempt. Implementations are thread-safe.
 */
public interface WireProtocol {

    /** The endpoint path, for reports and logs. */
    String path();

    /**
     * The event's wire bytes (a JSON object); called on the dispatcher thread only.
     *
     * @throws EventTooLargeException as soon as the bytes pass
     *         {@link io.github.posthogcommunity.posthog.internal.event.EventRecord#MAX_ENCODED_BYTES}
     */
    byte[] encode(EventRecord event);

    /**
     * The request for one attempt.
     *
     * @param events encoded events, in order
     * @param attempt 1 for the first attempt
     * @param requestId one id per batch, the same on every retry
     * @param createdAt when the batch was formed, the same on every retry
     * @param timeout the bound on the exchange
     */
    TransportRequest request(List<EventRecord> events, int attempt, UUID requestId, Instant createdAt,
                             Duration timeout);

    /** Classifies a response, per event. */
    AttemptResult interpret(TransportResponse response, List<EventRecord> events);

    /** Classifies a failure with no response (connection refused, reset, timeout). */
    default AttemptResult noResponse(IOException failure) {
        String kind = failure.getClass().getSimpleName();
        return AttemptResult.retry(0, null, kind.isEmpty() ? "I/O failure" : kind);
    }
}
