package io.github.posthogcommunity.posthog.spring.boot.autoconfigure.exceptions;

import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.InvalidPostHogPropertyException;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code posthog.exception-autocapture.*} configuration: {@code $exception} events for exceptions that escape
 * Spring MVC controllers, and the in-app marking of stack frames of every captured exception.
 *
 * @param enabled Whether exceptions that escape Spring MVC or WebFlux handlers unhandled are captured as $exception
 *        events.
 * @param includeHandled Whether exceptions resolved by an @ExceptionHandler, a @ResponseStatus or Spring MVC's own
 *        resolvers (4xx such as a missing parameter), or that carry their own status in WebFlux, are captured too,
 *        as handled, with the response status.
 * @param inAppPackages Package prefixes of the application whose stack frames are marked in_app. When empty, the
 *        packages of the @SpringBootApplication (the auto-configuration packages) are used.
 * @param rateLimit Protection of the event pipeline from an error storm.
 */
@ConfigurationProperties(PostHogExceptionAutocaptureProperties.PREFIX)
public record PostHogExceptionAutocaptureProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("false") boolean includeHandled,
        List<String> inAppPackages,
        @DefaultValue RateLimit rateLimit) {

    /** The prefix of these properties. */
    public static final String PREFIX = "posthog.exception-autocapture";

    /** Normalizes absent values: no packages is an empty list. */
    public PostHogExceptionAutocaptureProperties {
        inAppPackages = inAppPackages == null ? List.of() : List.copyOf(inAppPackages);
    }

    /**
     * At most {@code maxPerType} exceptions of one class are captured per {@code window}; the others are counted
     * and logged once per window.
     *
     * @param maxPerType Most exceptions of one class captured per window. 0 captures none.
     * @param window Length of the rate-limit window.
     */
    public record RateLimit(@DefaultValue("10") int maxPerType, @DefaultValue("1m") Duration window) {

        /** Rejects values that cannot work: start-up fails naming the property. */
        public RateLimit {
            if (maxPerType < 0) {
                throw new InvalidPostHogPropertyException(PREFIX + ".rate-limit.max-per-type",
                        "must be >= 0, was " + maxPerType);
            }
            if (window == null || window.isNegative() || window.isZero()) {
                throw new InvalidPostHogPropertyException(PREFIX + ".rate-limit.window",
                        "must be positive, was " + window);
            }
        }
    }
}
