package io.github.posthogcommunity.posthog.http;

import java.io.IOException;

/**
 * The seam every HTTP request of the client goes through. The default is {@link JdkHttpTransport}; tests
 * and tools may decorate it (to observe requests) or replace it.
 *
 * <p>Implementations must be thread-safe: the sender pool calls {@link #send} concurrently. They must honour
 * {@link TransportRequest#timeout()} for the whole exchange (the client caps it to the time left before a
 * shutdown deadline) and should react to interruption by giving up promptly.
 */
public interface HttpTransport extends AutoCloseable {

    /**
     * Performs one HTTP exchange.
     *
     * @return the response, whatever its status
     * @throws IOException when no response was received (connection refused, reset, timeout, ...)
     * @throws InterruptedException when the calling thread was interrupted
     */
    TransportResponse send(TransportRequest request) throws IOException, InterruptedException;

    /** Releases resources (threads, connections). Called once when the owning client closes. */
    @Override
    default void close() {
    }
}
