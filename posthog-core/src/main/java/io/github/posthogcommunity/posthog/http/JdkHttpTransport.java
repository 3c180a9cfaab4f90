package io.github.posthogcommunity.posthog.http;

import io.github.posthogcommunity.posthog.internal.Threads;

import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The default {@link HttpTransport}: {@link java.net.http.HttpClient} (HTTP/1.1, no redirects), used
 * synchronously so it never depends on the common ForkJoinPool. The request's timeout bounds the whole exchange,
 * body included: a server that accepts and never answers, or drips its response, costs at most that long.
 * Response bodies above 1 MiB are cut. Its threads are daemon threads and stop on {@link #close()}.
 */
public final class JdkHttpTransport implements HttpTransport {

    private static final int MAX_RESPONSE_BYTES = 1024 * 1024;
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final ExecutorService executor;
    private final Watchdog watchdog;
    /** The executor's threads (ended ones are pruned when a new one starts), so that close() can join them. */
    private final Set<Thread> live = ConcurrentHashMap.newKeySet();
    /** Cleared by {@link #close()}: before JDK 21 only collecting the client ends its selector and connections. */
    private volatile @Nullable HttpClient client;

    /** A transport with a 10 s connect timeout. */
    public JdkHttpTransport() {
        this(Duration.ofSeconds(10));
    }

    /** A transport with the given connect timeout (each request's own timeout also bounds connecting). */
    public JdkHttpTransport(Duration connectTimeout) {
        int instance = INSTANCES.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "posthog-http-" + instance + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            live.removeIf(ended -> !ended.isAlive()); // idle threads end after a minute: forget them
            live.add(t);
            return t;
        });
        this.watchdog = new Watchdog("posthog-http-" + instance + "-watchdog");
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .executor(executor)
                .build();
    }

    @Override
    public TransportResponse send(TransportRequest request) throws IOException, InterruptedException {
        HttpClient client = this.client;
        if (client == null) {
            throw new TransportClosedException("transport closed");
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri())
                .timeout(request.timeout())
                .method(request.method(), request.body().length == 0
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            builder.header(header.getKey(), header.getValue());
        }
        // The synchronous send, on the caller's (sender) thread: sendAsync completes through the common
        // ForkJoinPool, which the application may have saturated (on JDK 25 even a single blocked task is enough
        // on a 2-core machine). The request timeout bounds the wait for headers; the watchdog bounds the whole
        // exchange, body included, by interrupting the caller (send cancels the exchange on interrupt).
        Watchdog.Ticket ticket = watchdog.arm(request.timeout());
        try {
            HttpResponse<byte[]> response =
                    client.send(builder.build(), info -> LimitedBody.subscriber(MAX_RESPONSE_BYTES));
            return new TransportResponse(response.statusCode(), response.headers().map(), response.body());
        } catch (InterruptedException e) {
            if (ticket.fired()) {
                throw new HttpTimeoutException("request timed out after " + request.timeout().toMillis() + " ms");
            }
            throw e;
        } catch (IOException e) {
            if (ticket.fired()) {
                throw new HttpTimeoutException("request timed out after " + request.timeout().toMillis() + " ms");
            }
            throw e;
        } finally {
            ticket.disarm();
        }
    }

    /**
     * Stops the client's threads and closes its connections: on JDK 21+ at once; before, once the garbage collector
     * reclaims the {@code HttpClient}, which this drops so that a closed transport still referenced by the
     * application does not keep its pooled connections (and the JDK's selector thread) alive for the keep-alive.
     */
    @Override
    public void close() {
        watchdog.close();
        HttpClient closing = client;
        client = null;
        if (closing != null) {
            ShutdownNow.invoke(closing);
        }
        executor.shutdownNow();
        // close() promises no posthog-http thread outlives it; they only run JDK internals and end at once.
        Threads.joinAll(live, TimeUnit.MILLISECONDS.toNanos(500));
    }

    private static final class ShutdownNow {
        private static final MethodHandle SHUTDOWN_NOW = find();

        private static MethodHandle find() {
            try {
                return MethodHandles.publicLookup()
                        .findVirtual(HttpClient.class, "shutdownNow", MethodType.methodType(void.class));
            } catch (ReflectiveOperationException | RuntimeException absentBeforeJdk21) {
                return null;
            }
        }

        static void invoke(HttpClient client) {
            if (SHUTDOWN_NOW == null) {
                return;
            }
            try {
                SHUTDOWN_NOW.invoke(client);
            } catch (Throwable ignored) {
                // Best effort: the threads are daemons and end with the client.
            }
        }
    }
}
