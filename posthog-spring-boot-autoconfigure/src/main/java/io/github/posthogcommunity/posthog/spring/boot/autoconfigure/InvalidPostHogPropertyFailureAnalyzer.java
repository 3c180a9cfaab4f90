package io.github.posthogcommunity.posthog.spring.boot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns an {@link InvalidPostHogPropertyException} into a start-up report that names the property to fix. */
class InvalidPostHogPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidPostHogPropertyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidPostHogPropertyException cause) {
        return new FailureAnalysis(
                "The PostHog client could not be configured: property '" + cause.property() + "' is invalid: "
                        + cause.reason(),
                "Fix '" + cause.property() + "' in your configuration (application.properties, application.yml or "
                        + "the environment), or remove it to use the default.",
                cause);
    }
}
