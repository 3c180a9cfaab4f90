package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.observation;

import io.github.posthogcommunity.posthog.flags.FeatureFlagRequestObserver;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Makes each remote feature flag request an {@link Observation} named {@value #NAME}, a timer in metrics and a
 * span when Micrometer Tracing is present (a child of the request's span: it starts on the reading thread). Its
 * low-cardinality tags are {@code evaluation} ({@code remote}, or {@code local_fallback} when local evaluation
 * could not decide) and {@code outcome} ({@code success}, {@code failure}).
 */
public final class ObservationFeatureFlagRequestObserver implements FeatureFlagRequestObserver {

    /** The observation's name. */
    public static final String NAME = "posthog.flags.request";

    private static final Request NOT_OBSERVED = succeeded -> {
    };

    private final Supplier<@Nullable ObservationRegistry> lookup;
    private volatile @Nullable ObservationRegistry registry;

    /** @param registry where the observations are reported */
    public ObservationFeatureFlagRequestObserver(ObservationRegistry registry) {
        this.lookup = () -> registry;
        this.registry = registry;
    }

    /**
     * Looks the registry up at the first request rather than when the client is built: the registry collects
     * {@code ObservationHandler} beans, and one of them may need the client (a cycle if resolved at build time).
     */
    ObservationFeatureFlagRequestObserver(Supplier<@Nullable ObservationRegistry> lookup) {
        this.lookup = lookup;
    }

    @Override
    public Request start(boolean localEvaluationFallback) {
        ObservationRegistry registry = this.registry;
        if (registry == null) {
            registry = lookup.get();
            if (registry == null) {
                return NOT_OBSERVED;
            }
            this.registry = registry;
        }
        if (registry.isNoop()) {
            return NOT_OBSERVED;
        }
        Observation observation = Observation.createNotStarted(NAME, registry)
                .contextualName("posthog flags")
                .lowCardinalityKeyValue("evaluation", localEvaluationFallback ? "local_fallback" : "remote")
                .start();
        return succeeded -> {
            observation.lowCardinalityKeyValue("outcome", succeeded ? "success" : "failure");
            observation.stop();
        };
    }
}
