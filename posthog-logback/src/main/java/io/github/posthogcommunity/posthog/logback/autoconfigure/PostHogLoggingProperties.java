package io.github.posthogcommunity.posthog.logback.autoconfigure;

import io.github.posthogcommunity.posthog.spring.boot.autoconfigure.InvalidPostHogPropertyException;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.logging.LogLevel;

/**
 * The {@code posthog.logging.*} configuration: logged errors as {@code $exception} events.
 *
 * @param enabled Whether the PostHog appender is attached to the root logger, so that events at or above
 *        minimum-level become $exception events. An appender declared in the Logback configuration file is used
 *        whatever this says.
 * @param minimumLevel Lowest log level sent as a $exception event.
 * @param mdcKeys MDC keys sent as event properties. When empty, every MDC key that is not excluded is sent. Keys
 *        that look like secrets (authorization, cookie, token, password, secret, api key, credential) are never
 *        sent.
 * @param excludedMdcKeys MDC keys never sent as event properties.
 * @param distinctIdMdcKey MDC key whose value is the distinct id of events logged outside a PostHog context (a
 *        request without the X-POSTHOG-DISTINCT-ID header, a scheduled task). When unset such events are personless.
 * @param traceIds Whether $exception events from every path (logs, web exception capture, captureException) carry
 *        $trace_id and $span_id of the current Micrometer Tracing or OpenTelemetry span.
 * @param rateLimit Protection of the event pipeline from an error storm in the logs.
 */
@ConfigurationProperties(PostHogLoggingProperties.PREFIX)
public record PostHogLoggingProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("error") LogLevel minimumLevel,
        List<String> mdcKeys,
        List<String> excludedMdcKeys,
        @Nullable String distinctIdMdcKey,
        @DefaultValue("true") boolean traceIds,
        @DefaultValue RateLimit rateLimit) {

    /** The prefix of these properties. */
    public static final String PREFIX = "posthog.logging";

    /** Normalizes absent lists to empty ones. */
    public PostHogLoggingProperties {
        mdcKeys = mdcKeys == null ? List.of() : List.copyOf(mdcKeys);
        excludedMdcKeys = excludedMdcKeys == null ? List.of() : List.copyOf(excludedMdcKeys);
    }

    /**
     * At most {@code maxPerType} logged exceptions of one class (or messages of one logger) are sent per
     * {@code window}; the others are counted and logged once per window.
     *
     * @param maxPerType Most logged exceptions of one class sent per window. 0 sends none.
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
