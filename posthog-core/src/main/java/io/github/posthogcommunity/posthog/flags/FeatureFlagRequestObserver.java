package io.github.posthogcommunity.posthog.flags;

/**
 * Observes each remote feature flag request ({@code POST /flags}), which runs on, and blocks, the thread that read
 * the flag: for timers and traces (the Spring Boot starter implements it with Micrometer's Observation API). Flag
 * reads answered by local evaluation make no request and are not observed. Set it with
 * {@code PostHogClientBuilder.featureFlagsRequestObserver}.
 *
 * <p>Both calls run on the reading thread, around the request (its retries included). They must be quick and
 * should not throw: an exception is ignored, never changes the flag read's result.
 */
@FunctionalInterface
public interface FeatureFlagRequestObserver {

    /**
     * A {@code /flags} request starts.
     *
     * @param localEvaluationFallback {@code true} when local evaluation (personal API key) could not decide the
     *        flags and the request asks the server for them; {@code false} for a plain remote evaluation
     * @return what to call when the request ended; never {@code null}
     */
    Request start(boolean localEvaluationFallback);

    /** One observed request. */
    @FunctionalInterface
    interface Request {

        /**
         * The request ended.
         *
         * @param succeeded whether the server answered with flags ({@code false}: the caller gets defaults)
         */
        void end(boolean succeeded);
    }
}
