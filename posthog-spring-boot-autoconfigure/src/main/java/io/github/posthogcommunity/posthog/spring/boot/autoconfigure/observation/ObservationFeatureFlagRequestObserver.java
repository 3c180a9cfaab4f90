package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.observation;

import io.github.posthogcommunity.posthog.flags.FeatureFlagRequestObserver;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * Makes each remote feature flag request an {@link Observation} named {@value #NAME}, a timer in metrics and a
 * span when Micrometer Tracing is present (a child of the request's span: it starts on the reading thread). Its
 * low-cardinality tags are {@code evaluation} ({@code remote}, or {@code local_fallback} when local evaluation
 * could not decide) and {@code outcome} ({@code success}, {@code failure}).
 */
public final class ObservationFeatureFlagRequestObserver implements FeatureFlagRequestObserver {

    /** The observation's name. */
    public static final String NAME = "posthog.flags.request";

    private final ObservationRegistry registry;

    /** @param registry where the observations are reported */
    public ObservationFeatureFlagRequestObserver(ObservationRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Request start(boolean localEvaluationFallback) {
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
