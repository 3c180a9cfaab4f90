package io.github.posthogcommunity.posthog.log4j2;

import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.internal.logging.LogCaptureSettings;
import io.github.posthogcommunity.posthog.internal.logging.LogExceptionCapture;

import java.time.Duration;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderFactory;
import org.jspecify.annotations.Nullable;

/**
 * A Log4j2 appender ({@code <PostHog>} in {@code log4j2.xml}) that sends each logging event at or above a minimum
 * level (default {@code ERROR}) as one PostHog {@code $exception} event, with the same content and promises as the
 * Logback appender of {@code posthog-logback}: the logged throwable or a synthetic exception carrying the
 * message, {@code $exception_level} from the level ({@code FATAL} is {@code fatal}), the logger, thread, message
 * and level, the allowed thread-context (MDC) entries but never secret-looking keys, {@code $trace_id} and
 * {@code $span_id} from the thread context; the ambient {@code PostHogContext} identity, else the
 * {@code distinctIdMdcKey} entry, else personless. It never throws, never blocks, never recurses (the SDK's own
 * loggers and whatever is logged while it captures are ignored) and sends at most {@code rateLimitMaxPerType}
 * events per exception type per {@code rateLimitWindowSeconds}.
 *
 * <p>It sends with the client given with {@link #setClient}, else the {@linkplain #setDefaultClient default
 * client}, which the Spring Boot auto-configuration sets to the application's client while it runs; events logged
 * while there is neither are not sent.
 */
@Plugin(name = "PostHog", category = Core.CATEGORY_NAME, elementType = Appender.ELEMENT_TYPE, printObject = true)
public final class PostHogAppender extends AbstractAppender {

    private static volatile @Nullable PostHogClient defaultClient;

    private final Level minimumLevel;
    private final LogExceptionCapture capture;
    private volatile @Nullable PostHogClient client;

    private PostHogAppender(String name, @Nullable Filter filter, Level minimumLevel, LogCaptureSettings settings) {
        super(name, filter, null, true, Property.EMPTY_ARRAY);
        this.minimumLevel = minimumLevel;
        this.capture = new LogExceptionCapture(settings);
    }

    /** A builder, as {@code log4j2.xml} uses it; attributes are the setters of {@link Builder}. */
    @PluginBuilderFactory
    public static Builder newBuilder() {
        return new Builder();
    }

    /**
     * The client of appenders that were given none, for appenders declared in logging configuration files before
     * any client exists; {@code null} clears it.
     */
    public static void setDefaultClient(@Nullable PostHogClient client) {
        defaultClient = client;
    }

    /** The default client, or {@code null}. */
    public static @Nullable PostHogClient getDefaultClient() {
        return defaultClient;
    }

    /** Clears the default client if it still is {@code client}. */
    public static void clearDefaultClient(PostHogClient client) {
        if (defaultClient == client) {
            defaultClient = null;
        }
    }

    /** The client this appender sends with; {@code null} uses the {@linkplain #setDefaultClient default}. */
    public void setClient(@Nullable PostHogClient client) {
        this.client = client;
    }

    /** The lowest level sent. */
    public Level getMinimumLevel() {
        return minimumLevel;
    }

    @Override
    public void append(LogEvent event) {
        if (!event.getLevel().isMoreSpecificThan(minimumLevel) || LogExceptionCapture.ignored(event.getLoggerName())) {
            return;
        }
        PostHogClient target = client != null ? client : defaultClient;
        if (target != null) {
            capture.capture(target, new Log4j2Entry(event));
        }
    }

    /** Events sent since start. */
    public long capturedCount() {
        return capture.capturedCount();
    }

    /** Events not sent because of the rate limit, since start. */
    public long rateLimitedCount() {
        return capture.rateLimitedCount();
    }

    /** The attributes of {@code <PostHog>}. */
    public static final class Builder extends AbstractAppender.Builder<Builder>
            implements org.apache.logging.log4j.core.util.Builder<PostHogAppender> {

        @PluginBuilderAttribute
        private String minimumLevel = "ERROR";
        @PluginBuilderAttribute
        private @Nullable String mdcKeys;
        @PluginBuilderAttribute
        private @Nullable String excludedMdcKeys;
        @PluginBuilderAttribute
        private @Nullable String distinctIdMdcKey;
        @PluginBuilderAttribute
        private int rateLimitMaxPerType = LogCaptureSettings.DEFAULT_MAX_PER_TYPE;
        @PluginBuilderAttribute
        private long rateLimitWindowSeconds = LogCaptureSettings.DEFAULT_WINDOW.toSeconds();

        Builder() {
            setName("PostHog");
        }

        /** The lowest level sent; default {@code ERROR}. */
        public Builder setMinimumLevel(String value) {
            this.minimumLevel = value;
            return this;
        }

        /** The MDC keys sent as properties, comma-separated; empty sends every key not excluded. */
        public Builder setMdcKeys(String value) {
            this.mdcKeys = value;
            return this;
        }

        /** MDC keys never sent, comma-separated. */
        public Builder setExcludedMdcKeys(String value) {
            this.excludedMdcKeys = value;
            return this;
        }

        /** The MDC key whose value is the distinct id when there is no ambient identity. */
        public Builder setDistinctIdMdcKey(String value) {
            this.distinctIdMdcKey = value;
            return this;
        }

        /** At most this many events per exception type and window; default 10. */
        public Builder setRateLimitMaxPerType(int value) {
            this.rateLimitMaxPerType = value;
            return this;
        }

        /** The rate-limit window in seconds; default 60. */
        public Builder setRateLimitWindowSeconds(long value) {
            this.rateLimitWindowSeconds = value;
            return this;
        }

        /** The appender, or {@code null} (reported to Log4j2's status logger) when an attribute cannot work. */
        @Override
        public @Nullable PostHogAppender build() {
            Level level = Level.toLevel(minimumLevel, null);
            if (level == null) {
                LOGGER.error("PostHog appender {}: unknown minimumLevel '{}'", getName(), minimumLevel);
                return null;
            }
            LogCaptureSettings settings;
            try {
                settings = new LogCaptureSettings("log4j2", LogCaptureSettings.split(mdcKeys),
                        LogCaptureSettings.split(excludedMdcKeys), distinctIdMdcKey, rateLimitMaxPerType,
                        Duration.ofSeconds(rateLimitWindowSeconds));
            } catch (IllegalArgumentException invalid) {
                LOGGER.error("PostHog appender {}: {}", getName(), invalid.getMessage());
                return null;
            }
            return new PostHogAppender(getName(), getFilter(), level, settings);
        }
    }
}
