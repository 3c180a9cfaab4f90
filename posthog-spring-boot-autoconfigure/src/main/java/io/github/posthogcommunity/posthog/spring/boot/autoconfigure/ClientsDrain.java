package io.github.posthogcommunity.posthog.spring.boot.autoconfigure;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.ShutdownResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * Shuts every client of the context down in parallel under one deadline and adds up the outcomes. One client is
 * drained on the calling thread; each further one on a thread of its own (started here, ended with its drain), so
 * the deadline is not multiplied by the number of clients.
 */
final class ClientsDrain implements Function<Duration, ShutdownResult> {

    private final List<PostHogClient> clients;

    ClientsDrain(Map<String, PostHogClient> clients) {
        this.clients = List.copyOf(clients.values());
    }

    @Override
    public ShutdownResult apply(Duration timeout) {
        if (clients.isEmpty()) {
            return new ShutdownResult(true, 0, 0, Duration.ZERO);
        }
        List<CompletableFuture<ShutdownResult>> others = new ArrayList<>();
        for (PostHogClient client : clients.subList(1, clients.size())) {
            CompletableFuture<ShutdownResult> result = new CompletableFuture<>();
            Runnable drain = () -> {
                try {
                    result.complete(client.shutdown(timeout));
                } catch (RuntimeException | Error e) {
                    result.completeExceptionally(e);
                }
            };
            try {
                Thread thread = new Thread(drain, "posthog-shutdown-" + others.size());
                thread.setDaemon(true);
                thread.start();
            } catch (RuntimeException | OutOfMemoryError cannotStartThread) {
                drain.run();
            }
            others.add(result);
        }
        ShutdownResult total = clients.get(0).shutdown(timeout);
        for (CompletableFuture<ShutdownResult> other : others) {
            total = add(total, await(other));
        }
        return total;
    }

    /** Each drain is bounded by its own deadline, so waiting for it ends. */
    private static ShutdownResult await(CompletableFuture<ShutdownResult> result) {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ShutdownResult(false, 0, 0, Duration.ZERO);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("PostHog drain failed", e.getCause());
        }
    }

    private static ShutdownResult add(ShutdownResult a, ShutdownResult b) {
        return new ShutdownResult(a.withinDeadline() && b.withinDeadline(), a.sent() + b.sent(),
                a.dropped() + b.dropped(), a.took().compareTo(b.took()) >= 0 ? a.took() : b.took());
    }
}
