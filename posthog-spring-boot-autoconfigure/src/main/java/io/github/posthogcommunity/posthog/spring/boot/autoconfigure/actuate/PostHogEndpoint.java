package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.actuate;

import io.github.posthogcommunity.posthog.DropReason;
import io.github.posthogcommunity.posthog.FlushResult;
import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.PostHogStats;
import io.github.posthogcommunity.posthog.flags.FeatureFlagStats;
import io.github.posthogcommunity.posthog.flags.FlagDefinitionsCacheStats;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogConfigSummary;
import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.PostHogProperties;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code posthog} actuator endpoint, covering every {@link PostHogClient} bean of the context by bean name.
 * Reading ({@code GET /actuator/posthog}) returns each client's delivery and flag counters and a summary of the
 * {@code posthog.*} configuration with every secret masked; {@code GET /actuator/posthog/{client}} returns one
 * client. Writing ({@code POST /actuator/posthog}, or {@code POST /actuator/posthog/{client}} for one) flushes,
 * waiting at most {@code posthog.flush-timeout} per client, and returns what each flush achieved;
 * {@code management.endpoint.posthog.access=read-only} removes it. Like every endpoint it must be exposed
 * explicitly ({@code management.endpoints.web.exposure.include=posthog}). The descriptors are
 * {@link OperationResponseBody operation response bodies}: their JSON shape does not follow the application's
 * Jackson settings.
 */
@Endpoint(id = "posthog")
public class PostHogEndpoint {

    private final Map<String, PostHogClient> clients;
    private final PostHogProperties properties;

    /**
     * @param clients the clients to report on and flush, by bean name
     * @param properties the configuration to summarize
     */
    public PostHogEndpoint(Map<String, PostHogClient> clients, PostHogProperties properties) {
        this.clients = Map.copyOf(clients);
        this.properties = properties;
    }

    /** Every client's counters, and the masked configuration summary. */
    @ReadOperation
    public PostHogDescriptor posthog() {
        Map<String, ClientDescriptor> described = new LinkedHashMap<>();
        clients.keySet().stream().sorted().forEach(name -> described.put(name, ClientDescriptor.of(clients.get(name))));
        return new PostHogDescriptor(described, PostHogConfigSummary.of(properties));
    }

    /** One client's counters, or {@code null} (404) when there is no client bean of that name. */
    @ReadOperation
    public @Nullable ClientDescriptor client(@Selector String client) {
        PostHogClient found = clients.get(client);
        return found == null ? null : ClientDescriptor.of(found);
    }

    /** Sends every client's pending events now and waits for the outcome, at most {@code posthog.flush-timeout} each. */
    @WriteOperation
    public FlushAllDescriptor flush() {
        Map<String, FlushDescriptor> flushed = new LinkedHashMap<>();
        clients.keySet().stream().sorted().forEach(name -> flushed.put(name, flush(clients.get(name))));
        return new FlushAllDescriptor(flushed);
    }

    /** Flushes one client, or {@code null} (404) when there is no client bean of that name. */
    @WriteOperation
    public @Nullable FlushDescriptor flushClient(@Selector String client) {
        PostHogClient found = clients.get(client);
        return found == null ? null : flush(found);
    }

    private FlushDescriptor flush(PostHogClient client) {
        FlushResult result = client.flush(properties.flushTimeout());
        return new FlushDescriptor(result.completed(), result.events(), result.sent(), result.dropped(),
                result.retrying());
    }

    /**
     * What {@code GET /actuator/posthog} returns.
     *
     * @param clients every client, by bean name
     * @param config the {@code posthog.*} configuration, secrets masked
     */
    public record PostHogDescriptor(Map<String, ClientDescriptor> clients, PostHogConfigSummary config)
            implements OperationResponseBody {
    }

    /**
     * One client, as {@code GET /actuator/posthog/{client}} returns it.
     *
     * @param enabled whether the client sends events
     * @param stats the delivery counters
     * @param featureFlags the feature flag counters (remote requests and local evaluation)
     */
    public record ClientDescriptor(boolean enabled, StatsDescriptor stats, FlagsDescriptor featureFlags)
            implements OperationResponseBody {

        static ClientDescriptor of(PostHogClient client) {
            return new ClientDescriptor(client.isEnabled(), StatsDescriptor.of(client.stats()),
                    FlagsDescriptor.of(client.flagStats()));
        }
    }

    /**
     * Feature flag counters; see {@code FeatureFlagStats}.
     *
     * @param requests flag evaluations sent to /flags
     * @param failures evaluations that failed (the caller got the default)
     * @param retries retried /flags requests
     * @param localEvaluation whether flags are evaluated locally (a personal API key is configured)
     * @param localEvaluations flag reads answered locally, without a request
     * @param localFallbacks flag reads where local evaluation could not decide some flags, asked from /flags
     * @param definitionsCount the number of flag definitions loaded for local evaluation
     * @param lastSuccessfulLoad when the definitions were last loaded or confirmed unchanged (ISO-8601), or
     *        {@code null} when never; with a shared cache, when the lease holder fetched them
     * @param definitionsCache the shared definitions cache: whether one is configured, its name, whether this
     *        instance holds the fleet's lease, reads, writes, failures and fallback fetches
     * @param resultCacheHits remote flag reads answered by the in-process result cache
     * @param resultCacheMisses remote flag reads the result cache could not answer
     */
    public record FlagsDescriptor(long requests, long failures, long retries, boolean localEvaluation,
                                  long localEvaluations, long localFallbacks, int definitionsCount,
                                  @Nullable String lastSuccessfulLoad, FlagDefinitionsCacheStats definitionsCache,
                                  long resultCacheHits, long resultCacheMisses) {

        static FlagsDescriptor of(FeatureFlagStats flags) {
            return new FlagsDescriptor(flags.requests(), flags.failures(), flags.retries(),
                    flags.localEvaluationEnabled(), flags.localEvaluations(), flags.localFallbacks(),
                    flags.definitionsCount(),
                    flags.lastSuccessfulLoad() == null ? null : flags.lastSuccessfulLoad().toString(),
                    flags.definitionsCache(), flags.resultCacheHits(), flags.resultCacheMisses());
        }
    }

    /**
     * The client's delivery counters; see {@link PostHogStats}.
     *
     * @param captured events handed to the client
     * @param sent events PostHog accepted
     * @param dropped events dropped, by reason ({@link DropReason#wireName()})
     * @param droppedTotal events dropped for any reason
     * @param pending events accepted and not yet finished
     * @param queueCapacity the bound on {@code pending}
     * @param retries retry attempts of capture requests
     * @param retriedEvents events sent again by those retries
     * @param requests HTTP attempts made
     * @param failedRequests HTTP attempts that did not deliver every event
     * @param listenerOverflows delivery notifications discarded because a listener fell behind
     */
    public record StatsDescriptor(long captured, long sent, Map<String, Long> dropped, long droppedTotal,
                                  long pending, long queueCapacity, long retries, long retriedEvents, long requests,
                                  long failedRequests, long listenerOverflows) {

        static StatsDescriptor of(PostHogStats stats) {
            Map<String, Long> dropped = new LinkedHashMap<>();
            stats.dropped().forEach((reason, count) -> dropped.put(reason.wireName(), count));
            return new StatsDescriptor(stats.captured(), stats.sent(), dropped, stats.droppedTotal(),
                    stats.pending(), stats.queueCapacity(), stats.retries(), stats.retriedEvents(), stats.requests(),
                    stats.failedRequests(), stats.listenerOverflows());
        }
    }

    /**
     * What {@code POST /actuator/posthog} returns.
     *
     * @param clients each client's flush, by bean name
     */
    public record FlushAllDescriptor(Map<String, FlushDescriptor> clients) implements OperationResponseBody {
    }

    /**
     * One client's flush, as {@code POST /actuator/posthog/{client}} returns it; see {@link FlushResult}.
     *
     * @param completed whether every covered event reached an outcome before the flush timeout
     * @param events the events the flush covered
     * @param sent of those, delivered
     * @param dropped of those, dropped
     * @param retrying of those, put back for a later retry
     */
    public record FlushDescriptor(boolean completed, long events, long sent, long dropped, long retrying)
            implements OperationResponseBody {
    }
}
