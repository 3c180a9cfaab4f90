package io.github.posthogcommunity.posthog.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import io.github.posthogcommunity.posthog.PostHogClient;
import io.github.posthogcommunity.posthog.internal.logging.LogCaptureSettings;
import io.github.posthogcommunity.posthog.internal.logging.LogExceptionCapture;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A Logback appender that sends each logging event at or above a minimum level (default {@code ERROR}) as one
 * PostHog {@code $exception} event through {@link PostHogClient#captureException}: the logged throwable, or a
 * synthetic exception carrying the formatted message ({@code mechanism.synthetic = true}); {@code $exception_level}
 * from the log level; the logger, thread, message and level as {@code $logger_name}, {@code $thread_name},
 * {@code $log_message}, {@code $log_level}; the MDC entries as properties (all of them, or only
 * {@code mdcKeys}; never {@code excludedMdcKeys} nor keys that look like secrets such as authorization, cookie,
 * token, password, secret, api key); {@code $trace_id}/{@code $span_id} from the MDC ({@code traceId}/{@code spanId}
 * or {@code trace_id}/{@code span_id}).
 *
 * <p>The distinct id is the ambient {@code PostHogContext} identity (the request's, for example), else the value of
 * the MDC key {@code distinctIdMdcKey}, else the event is personless.
 *
 * <p>It never blocks the logging thread (capture only enqueues), never throws, never recurses (the SDK's own
 * loggers and whatever is logged while it captures are ignored), and sends at most
 * {@code rateLimitMaxPerType} events per exception type per {@code rateLimitWindow}. An exception the web
 * exception capture already sent is not sent again.
 *
 * <p>Declared in {@code logback-spring.xml} (or {@code logback.xml}) it uses the client given with
 * {@link #setClient}, else the {@linkplain #setDefaultClient default client}, which the Spring Boot
 * auto-configuration sets; events logged while there is neither are not sent.
 */
public class PostHogAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    private static volatile @Nullable PostHogClient defaultClient;
    /** The event a PostHog appender of this thread captured last, so a second appender does not send it again. */
    private static final ThreadLocal<WeakReference<ILoggingEvent>> LAST_EVENT = new ThreadLocal<>();

    private volatile @Nullable PostHogClient client;
    private Level minimumLevel = Level.ERROR;
    private Set<String> mdcKeys = Set.of();
    private Set<String> excludedMdcKeys = Set.of();
    private @Nullable String distinctIdMdcKey;
    private int rateLimitMaxPerType = LogCaptureSettings.DEFAULT_MAX_PER_TYPE;
    private Duration rateLimitWindow = LogCaptureSettings.DEFAULT_WINDOW;
    private volatile @Nullable LogExceptionCapture capture;

    /** An appender named {@code POSTHOG}. */
    public PostHogAppender() {
        setName("POSTHOG");
    }

    /**
     * The client of appenders that were given none, for appenders declared in logging configuration files before
     * any client exists; {@code null} clears it. The Spring Boot auto-configuration sets it to the application's
     * client while the application runs.
     */
    public static void setDefaultClient(@Nullable PostHogClient client) {
        defaultClient = client;
    }

    /** Clears the default client if it still is {@code client}. */
    public static void clearDefaultClient(PostHogClient client) {
        if (defaultClient == client) {
            defaultClient = null;
        }
    }

    /** The default client, or {@code null}. */
    public static @Nullable PostHogClient getDefaultClient() {
        return defaultClient;
    }

    /** The client this appender sends with; {@code null} uses the {@linkplain #setDefaultClient default}. */
    public void setClient(@Nullable PostHogClient client) {
        this.client = client;
    }

    /** The lowest level sent, a Logback level name; default {@code ERROR}. An unknown name is {@code ERROR}. */
    public void setMinimumLevel(String level) {
        Level parsed = Level.toLevel(level, null);
        if (parsed == null) {
            addWarn("PostHog appender: unknown minimumLevel '" + level + "', using ERROR");
            parsed = Level.ERROR;
        }
        this.minimumLevel = parsed;
    }

    /** The lowest level sent. */
    public String getMinimumLevel() {
        return minimumLevel.toString();
    }

    /** The MDC keys sent as properties, comma-separated; empty (the default) sends every key not excluded. */
    public void setMdcKeys(String keys) {
        this.mdcKeys = LogCaptureSettings.split(keys);
    }

    /** MDC keys never sent, comma-separated (besides the secret-looking keys, never sent anyway). */
    public void setExcludedMdcKeys(String keys) {
        this.excludedMdcKeys = LogCaptureSettings.split(keys);
    }

    /** The MDC key whose value is the distinct id when there is no ambient identity; none by default. */
    public void setDistinctIdMdcKey(@Nullable String key) {
        this.distinctIdMdcKey = key;
    }

    /** At most this many events per exception type and window; default 10, 0 sends none. */
    public void setRateLimitMaxPerType(int maxPerType) {
        this.rateLimitMaxPerType = maxPerType;
    }

    /** The rate-limit window, in Logback's duration syntax ({@code 60 seconds}, {@code 1 minute}); default 1 minute. */
    public void setRateLimitWindow(ch.qos.logback.core.util.Duration window) {
        this.rateLimitWindow = Duration.ofMillis(window.getMilliseconds());
    }

    /** Same as {@link #setRateLimitWindow(ch.qos.logback.core.util.Duration)}, for programmatic configuration. */
    public void setRateLimitWindowDuration(Duration window) {
        this.rateLimitWindow = window;
    }

    @Override
    public void start() {
        try {
            capture = new LogExceptionCapture(new LogCaptureSettings("logback", mdcKeys, excludedMdcKeys,
                    distinctIdMdcKey, rateLimitMaxPerType, rateLimitWindow));
        } catch (IllegalArgumentException invalid) {
            addError("PostHog appender not started: " + invalid.getMessage());
            return;
        }
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        LogExceptionCapture current = capture;
        if (current == null || !event.getLevel().isGreaterOrEqual(minimumLevel)
                || LogExceptionCapture.ignored(event.getLoggerName())) {
            return;
        }
        PostHogClient target = client != null ? client : defaultClient;
        if (target == null || !firstFor(event)) {
            return;
        }
        current.capture(target, new LogbackEntry(event));
    }

    private static boolean firstFor(ILoggingEvent event) {
        WeakReference<ILoggingEvent> last = LAST_EVENT.get();
        if (last != null && last.get() == event) {
            return false;
        }
        LAST_EVENT.set(new WeakReference<>(event));
        return true;
    }

    /** Events sent since start. */
    public long capturedCount() {
        LogExceptionCapture current = capture;
        return current == null ? 0 : current.capturedCount();
    }

    /** Events not sent because of the rate limit, since start. */
    public long rateLimitedCount() {
        LogExceptionCapture current = capture;
        return current == null ? 0 : current.rateLimitedCount();
    }
}
